/** The messaging plane's names (subjects, streams, consumers), shared by signer, control plane and custodyctl. */
package io.custody.proto.nats;

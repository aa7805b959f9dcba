/**
 * What a client allowed, checked inside the enclave: a wallet's {@link
 * io.custody.enclave.authz.Governance} (the client keys that may sign for it, whether a raw
 * digest may be signed), fixed at DKG and sealed with every share, and the {@link
 * io.custody.enclave.authz.RequestAuthorizer} that turns a client's signed request into the one
 * digest and derivation path the enclave will sign.
 *
 * <p>Invariants: a governed share signs only a request whose {@code ClientSignature} verifies
 * under a key of its governance, with the algorithm that key was registered with, over the
 * bytes {@code io.custody.proto.signature.SignedRequest} defines; the digest is recomputed from
 * the typed payload here ({@code io.custody.proto.ethereum.SigningPayloads}), never taken from
 * the host; a raw digest is signed only when the governance allows it. Every refusal is an
 * {@link io.custody.enclave.authz.UnauthorizedRequestException} whose message names the rule
 * that failed and no secret (requests and keys here are public).
 */
package io.custody.enclave.authz;

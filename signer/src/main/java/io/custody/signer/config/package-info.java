/** A signer node's settings, from command-line flags; validated when built. */
package io.custody.signer.config;

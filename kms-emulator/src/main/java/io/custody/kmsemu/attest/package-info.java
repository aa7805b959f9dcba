/**
 * Recipient attestation documents: verified with enclave-runtimes {@code AttestationVerifier}
 * (signature, chain, freshness); their PCRs become key-policy condition values.
 *
 * <p>Invariants: only PCRs from a verified document reach the key policy; the DEV root is trusted
 * only when the emulator was started with {@code --dev-attestation}.
 */
package io.custody.kmsemu.attest;

package io.custody.enclave.attest;

/**
 * Makes signed attestation documents for this enclave: {@link NsmAttestor} inside a Nitro
 * Enclave, {@link DevAttestor} (no security at all) on a developer machine.
 *
 * <p>Guarantee: the returned bytes are a Nitro-format {@code COSE_Sign1} whose payload binds the
 * given nonce, user data and public key to this enclave's PCRs, signed by a key whose
 * certificate chains to the attestor's root. What that root is worth is the verifier's business
 * (see {@link AttestationVerifier}).
 */
public interface Attestor {

    /** The NSM's limit for {@code nonce}. */
    int MAX_NONCE_BYTES = 512;

    /** The NSM's limit for {@code user_data}. */
    int MAX_USER_DATA_BYTES = 512;

    /** The NSM's limit for {@code public_key} (which, when present, must not be empty). */
    int MAX_PUBLIC_KEY_BYTES = 1024;

    /**
     * Returns a signed attestation document. Each argument may be {@code null} to leave the field
     * out.
     *
     * @throws IllegalArgumentException if an argument exceeds its limit, or the public key is empty
     * @throws AttestorFailedException if the attestor itself failed (e.g. the NSM is unreachable)
     */
    byte[] attest(byte[] nonce, byte[] userData, byte[] publicKey) throws AttestorFailedException;
}

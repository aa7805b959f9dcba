package io.custody.enclave.attest;

/**
 * What an enclave asks to have attested, checked against the NSM's limits before any document is
 * made. Each field may be {@code null} (absent); arrays are copied in and out.
 *
 * @param nonce at most {@value Attestor#MAX_NONCE_BYTES} bytes, chosen by the relying party
 * @param userData at most {@value Attestor#MAX_USER_DATA_BYTES} bytes, meaning set by protocol
 * @param publicKey 1 to {@value Attestor#MAX_PUBLIC_KEY_BYTES} bytes, usually a DER public key
 */
record AttestationRequest(byte[] nonce, byte[] userData, byte[] publicKey) {

    AttestationRequest {
        nonce = checked("nonce", nonce, 0, Attestor.MAX_NONCE_BYTES);
        userData = checked("user_data", userData, 0, Attestor.MAX_USER_DATA_BYTES);
        publicKey = checked("public_key", publicKey, 1, Attestor.MAX_PUBLIC_KEY_BYTES);
    }

    @Override
    public byte[] nonce() {
        return nonce == null ? null : nonce.clone();
    }

    @Override
    public byte[] userData() {
        return userData == null ? null : userData.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    @Override
    public String toString() {
        return "AttestationRequest[nonce=" + length(nonce) + ", user_data=" + length(userData)
                + ", public_key=" + length(publicKey) + "]";
    }

    private static byte[] checked(String field, byte[] value, int min, int max) {
        if (value == null) {
            return null;
        }
        if (value.length < min || value.length > max) {
            throw new IllegalArgumentException(field + " must be " + min + " to " + max
                    + " bytes, got " + value.length);
        }
        return value.clone();
    }

    private static String length(byte[] value) {
        return value == null ? "absent" : value.length + " bytes";
    }
}

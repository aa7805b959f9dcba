package io.custody.control.auth;

/**
 * A request whose signature verified: the key that signed it, and the SHA-256 of the signed
 * bytes (method name included), which the idempotency record compares.
 */
public record Authenticated(ClientKey key, byte[] signedBytesSha256) {

    public Authenticated {
        signedBytesSha256 = signedBytesSha256.clone();
    }

    @Override
    public byte[] signedBytesSha256() {
        return signedBytesSha256.clone();
    }

    /** The audit actor: {@code client/{client_id}} or {@code operator/{key_id}}. */
    public String actor() {
        return key.owner();
    }
}

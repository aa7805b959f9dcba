package io.custody.enclave.seal;

import java.security.MessageDigest;

/**
 * Test-only bridge into enclave-runtime's package (same package name on the test class path):
 * a SHA-256 of a {@link DataKey}'s bytes, so two opened keys can be compared without exporting
 * the key itself.
 */
public final class DataKeyFingerprint {
    private DataKeyFingerprint() {}

    public static byte[] sha256(DataKey key) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(key.bytes());
    }
}

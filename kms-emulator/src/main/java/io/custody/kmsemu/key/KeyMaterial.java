package io.custody.kmsemu.key;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES key behind one KMS key. Secret: no {@code toString} that shows it, never
 * logged; the bytes leave only as a {@link SecretKey} for AES-GCM or, in one place, for the
 * state file.
 */
public final class KeyMaterial {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private KeyMaterial(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("key material must be " + LENGTH + " bytes");
        }
        this.bytes = bytes.clone();
    }

    public static KeyMaterial generate(SecureRandom random) {
        byte[] fresh = new byte[LENGTH];
        random.nextBytes(fresh);
        try {
            return new KeyMaterial(fresh);
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
    }

    public static KeyMaterial copyOf(byte[] bytes) {
        return new KeyMaterial(bytes);
    }

    public SecretKey aesKey() {
        return new SecretKeySpec(bytes, "AES");
    }

    /** The raw bytes, for {@link StateFile} only; the caller zeroes them. */
    byte[] exportForStateFile() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "KeyMaterial[hidden]";
    }
}

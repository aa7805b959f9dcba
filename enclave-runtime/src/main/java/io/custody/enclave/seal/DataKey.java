package io.custody.enclave.seal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES data key, the plaintext of a KMS {@code GenerateDataKey}. SECRET: the bytes
 * never leave this package, {@link #toString()} shows none of them, and {@link #close()}
 * zeroes them. There is deliberately no {@code equals} beyond identity: two keys are compared
 * by whether one opens what the other sealed.
 *
 * <p>Each operation takes its own {@link SecretKeySpec} copy, so closing a key while another
 * thread seals with it never corrupts that operation; the JCE provider's expanded key schedule
 * lives until its {@code Cipher} is collected, which is outside this class's control.
 */
public final class DataKey implements AutoCloseable {
    public static final int LENGTH = 32;

    private final byte[] key;
    private boolean closed;

    private DataKey(byte[] key) {
        this.key = key;
    }

    /** A copy of {@code bytes}, which must be 32 bytes; the caller still owns (and zeroes) them. */
    public static DataKey copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a data key is " + LENGTH + " bytes, was " + bytes.length);
        }
        return new DataKey(bytes.clone());
    }

    /** A fresh random key (local development and tests; production keys come from KMS). */
    public static DataKey generate(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new DataKey(key);
    }

    /** A JCE key holding a copy of this key, for one operation. */
    synchronized SecretKeySpec secretKeySpec() {
        requireOpen();
        return new SecretKeySpec(key, "AES");
    }

    /** The live bytes, for tests in this package only; zeroed on close. */
    synchronized byte[] bytes() {
        requireOpen();
        return key;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** Zeroes the key; idempotent. */
    @Override
    public synchronized void close() {
        Arrays.fill(key, (byte) 0);
        closed = true;
    }

    @Override
    public synchronized String toString() {
        return closed ? "DataKey[AES-256, closed]" : "DataKey[AES-256]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("data key was closed");
        }
    }
}

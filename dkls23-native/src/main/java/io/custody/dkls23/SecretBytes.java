package io.custody.dkls23;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes (a serialized key share): no contents in {@code toString}, constant-time equality,
 * zeroed by {@link #close()}. Use with try-with-resources.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] bytes;
    private boolean closed;

    /** Takes ownership of {@code bytes}: they are zeroed on close. */
    public SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The live bytes, not a copy: do not retain or log them; they are zeroed on close. */
    public synchronized byte[] bytes() {
        if (closed) {
            throw new SessionClosedException("secret bytes were closed");
        }
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public synchronized void close() {
        Arrays.fill(bytes, (byte) 0);
        closed = true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBytes other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes]";
    }
}

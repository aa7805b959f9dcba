package io.custody.enclave.channel;

import java.io.ByteArrayOutputStream;

/**
 * Writes the fixed-width big-endian fields and u32-length-prefixed byte strings that every
 * canonical encoding in this package is made of. Append-only; {@link #toByteArray()} at the end.
 */
final class CanonicalBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    /** 4 bytes, big-endian; {@code value} is read as unsigned. */
    CanonicalBytes u32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    /** 8 bytes, big-endian. */
    CanonicalBytes u64(long value) {
        u32((int) (value >>> 32));
        return u32((int) value);
    }

    /** u32 big-endian length, then the bytes. */
    CanonicalBytes bytes(byte[] value) {
        u32(value.length);
        out.writeBytes(value);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}

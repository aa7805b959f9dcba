package io.custody.dkls23;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An ECDSA secp256k1 signature with low {@code s} and its recovery id (0 or 1, +2 if r overflowed). */
public record Signature(byte[] r, byte[] s, int recoveryId) {
    public static final int LENGTH = 65;

    public Signature {
        r = copy32(r, "r");
        s = copy32(s, "s");
        if (recoveryId < 0 || recoveryId > 3) {
            throw new IllegalArgumentException("recovery id must be 0..3, was " + recoveryId);
        }
    }

    /** Parses {@code r || s || v}. */
    public static Signature fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a signature has 65 bytes, got " + bytes.length);
        }
        return new Signature(Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64), bytes[64]);
    }

    /** {@code r || s || v}. */
    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        System.arraycopy(r, 0, out, 0, 32);
        System.arraycopy(s, 0, out, 32, 32);
        out[64] = (byte) recoveryId;
        return out;
    }

    @Override
    public byte[] r() {
        return r.clone();
    }

    @Override
    public byte[] s() {
        return s.clone();
    }

    private static byte[] copy32(byte[] value, String name) {
        Objects.requireNonNull(value, name);
        if (value.length != 32) {
            throw new IllegalArgumentException(name + " must be 32 bytes, was " + value.length);
        }
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature other && Arrays.equals(r, other.r) && Arrays.equals(s, other.s)
                && recoveryId == other.recoveryId;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "Signature[" + HexFormat.of().formatHex(toBytes()) + "]";
    }
}

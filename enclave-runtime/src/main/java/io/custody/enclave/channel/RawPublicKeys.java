package io.custody.enclave.channel;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Objects;

/**
 * The raw 32-byte public key encodings that enclaves put in their attestation {@code user_data}.
 *
 * <pre>
 *   X25519  (RFC 7748 section 5)
 *     bytes 0..31  u-coordinate, little-endian; bit 7 of byte 31 is zero; u &lt; 2^255 - 19
 *
 *   Ed25519 (RFC 8032 section 5.1.2)
 *     bytes 0..31  y-coordinate, little-endian, y &lt; 2^255 - 19
 *     bit 7 of byte 31 = parity of x (1 when x is odd)
 * </pre>
 *
 * <p>Decoding is strict: only the canonical encoding the encoder produces is accepted, so every
 * key has exactly one encoding (RFC 7748 asks receivers to mask the top bit; our peers are our
 * own enclaves, which never set it, so a set bit means a corrupted or forged document).
 */
public final class RawPublicKeys {

    /** Length of both raw encodings. */
    public static final int RAW_LENGTH = 32;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private RawPublicKeys() {}

    /** Decodes a raw X25519 u-coordinate. */
    public static PublicKey x25519FromRaw(byte[] raw) {
        BigInteger u = canonicalFieldElement(raw, "X25519");
        if (raw[RAW_LENGTH - 1] < 0) {
            throw new IllegalArgumentException("X25519 raw key has its top bit set");
        }
        try {
            return KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 public key", e);
        }
    }

    /** Encodes an X25519 public key as its 32-byte little-endian u-coordinate. */
    public static byte[] x25519ToRaw(PublicKey key) {
        if (!(key instanceof XECPublicKey xec) || !isCurve(xec.getParams(), "X25519")) {
            throw new IllegalArgumentException("not an X25519 public key");
        }
        return littleEndian(xec.getU(), "X25519");
    }

    /** Decodes a raw Ed25519 public key. The point is checked on use, by signature verification. */
    public static PublicKey ed25519FromRaw(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        boolean xOdd = raw.length == RAW_LENGTH && raw[RAW_LENGTH - 1] < 0;
        byte[] yBytes = raw.clone();
        if (yBytes.length == RAW_LENGTH) {
            yBytes[RAW_LENGTH - 1] &= 0x7f;
        }
        BigInteger y = canonicalFieldElement(yBytes, "Ed25519");
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** Encodes an Ed25519 public key in the RFC 8032 32-byte form. */
    public static byte[] ed25519ToRaw(PublicKey key) {
        if (!(key instanceof EdECPublicKey edec) || !isCurve(edec.getParams(), "Ed25519")) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        byte[] raw = littleEndian(edec.getPoint().getY(), "Ed25519");
        if (edec.getPoint().isXOdd()) {
            raw[RAW_LENGTH - 1] |= (byte) 0x80;
        }
        return raw;
    }

    static boolean isCurve(AlgorithmParameterSpec params, String name) {
        return params instanceof NamedParameterSpec named && name.equalsIgnoreCase(named.getName());
    }

    private static BigInteger canonicalFieldElement(byte[] raw, String what) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException(what + " raw key must be " + RAW_LENGTH + " bytes, got " + raw.length);
        }
        byte[] bigEndian = new byte[RAW_LENGTH];
        for (int i = 0; i < RAW_LENGTH; i++) {
            bigEndian[i] = raw[RAW_LENGTH - 1 - i];
        }
        BigInteger value = new BigInteger(1, bigEndian);
        if (value.compareTo(P) >= 0) {
            throw new IllegalArgumentException(what + " raw key is not a canonical field element");
        }
        return value;
    }

    private static byte[] littleEndian(BigInteger value, String what) {
        if (value.signum() < 0 || value.compareTo(P) >= 0) {
            throw new IllegalArgumentException(what + " coordinate out of range");
        }
        byte[] bigEndian = value.toByteArray(); // may carry a leading sign byte or be short
        byte[] raw = new byte[RAW_LENGTH];
        for (int i = 0; i < RAW_LENGTH && i < bigEndian.length; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return raw;
    }
}

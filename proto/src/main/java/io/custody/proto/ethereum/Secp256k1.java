package io.custody.proto.ethereum;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/** Public-key arithmetic on secp256k1 (BouncyCastle's constant-parameter curve). */
final class Secp256k1 {

    static final int COMPRESSED_LENGTH = 33;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    private Secp256k1() {}

    /** The group order n. */
    static BigInteger order() {
        return CURVE.getN();
    }

    /**
     * Decodes a 33-byte SEC1 compressed point.
     *
     * @throws IllegalArgumentException if it is not 33 bytes with prefix 02/03, or not on the curve
     */
    static ECPoint decompress(byte[] compressed) {
        if (compressed == null || compressed.length != COMPRESSED_LENGTH
                || (compressed[0] != 0x02 && compressed[0] != 0x03)) {
            throw new IllegalArgumentException("a public key must be 33 bytes, SEC1 compressed (02 or 03 first)");
        }
        try {
            return CURVE.getCurve().decodePoint(compressed).normalize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key is not a point on secp256k1");
        }
    }

    /** {@code point + G * scalar}, or null when that is the point at infinity. */
    static ECPoint addTimesGenerator(ECPoint point, BigInteger scalar) {
        ECPoint sum = CURVE.getG().multiply(scalar).add(point).normalize();
        return sum.isInfinity() ? null : sum;
    }

    /** The 64 bytes x || y of the uncompressed encoding, without the 04 prefix. */
    static byte[] uncompressedXy(ECPoint point) {
        byte[] encoded = point.getEncoded(false);
        byte[] xy = new byte[64];
        System.arraycopy(encoded, 1, xy, 0, 64);
        return xy;
    }
}

package io.custody.cli.demo;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The demo's independent check, with BouncyCastle only (no code shared with the DKLs23 crates or
 * the enclave): secp256k1 ECDSA verification, public-key recovery (the {@code v} of an Ethereum
 * signature), Keccak-256, Ethereum addresses with the EIP-55 checksum and EIP-191 message hashes.
 */
public final class EthereumSignature {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    private EthereumSignature() {}

    public static byte[] keccak256(byte[] data) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** EIP-191 {@code personal_sign}: keccak256("\x19Ethereum Signed Message:\n" + length + message). */
    public static byte[] personalMessageHash(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = ("\u0019Ethereum Signed Message:\n" + body.length).getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return keccak256(all);
    }

    /** The EIP-55 checksummed address of a (compressed or uncompressed) secp256k1 public key. */
    public static String address(byte[] publicKey) {
        byte[] uncompressed = CURVE.getCurve().decodePoint(publicKey).getEncoded(false);
        byte[] hash = keccak256(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
        return checksum("0x" + HexFormat.of().formatHex(Arrays.copyOfRange(hash, 12, 32)));
    }

    /** An address ("0x" and 40 hex digits, any case) in its EIP-55 checksummed form. */
    public static String checksum(String address) {
        String hex = address.substring(2).toLowerCase(java.util.Locale.ROOT);
        String checksum = HexFormat.of().formatHex(keccak256(hex.getBytes(StandardCharsets.US_ASCII)));
        StringBuilder b = new StringBuilder("0x");
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            b.append(Character.digit(checksum.charAt(i), 16) >= 8 ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    public static boolean verifies(byte[] publicKey, byte[] hash, BigInteger r, BigInteger s) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(CURVE.getCurve().decodePoint(publicKey), DOMAIN));
        return verifier.verifySignature(hash, r, s);
    }

    /** Whether {@code s} is in the lower half of the group order (what Ethereum accepts, EIP-2). */
    public static boolean isLowS(BigInteger s) {
        return s.compareTo(HALF_N) <= 0;
    }

    /** {@code n - s}: the other valid {@code s} of the same signature (its recovery id flips). */
    public static BigInteger otherS(BigInteger s) {
        return N.subtract(s);
    }

    /**
     * The recovery id (0 or 1) under which (r, s) recovers {@code publicKey} from {@code hash}, or
     * -1 if neither does: {@code Q = r^-1 (s R - e G)} with R the point of x = r and y's parity = id.
     */
    public static int recoveryId(byte[] publicKey, byte[] hash, BigInteger r, BigInteger s) {
        ECPoint expected = CURVE.getCurve().decodePoint(publicKey).normalize();
        BigInteger e = new BigInteger(1, hash);
        BigInteger rInverse = r.modInverse(N);
        for (int id = 0; id < 2; id++) {
            byte[] encoded = new byte[33];
            encoded[0] = (byte) (0x02 + id);
            byte[] x = toBytes32(r);
            System.arraycopy(x, 0, encoded, 1, 32);
            ECPoint rPoint;
            try {
                rPoint = CURVE.getCurve().decodePoint(encoded);
            } catch (IllegalArgumentException notOnCurve) {
                continue;
            }
            ECPoint q = ECAlgorithms.sumOfTwoMultiplies(rPoint, s.multiply(rInverse).mod(N), CURVE.getG(),
                    e.negate().mod(N).multiply(rInverse).mod(N)).normalize();
            if (q.equals(expected)) {
                return id;
            }
        }
        return -1;
    }

    /** r ‖ s ‖ v (v = 27 + recovery id), the 65-byte form wallets and {@code ecrecover} take, in hex. */
    public static String ethereumHex(BigInteger r, BigInteger s, int recoveryId) {
        return "0x" + HexFormat.of().formatHex(toBytes32(r)) + HexFormat.of().formatHex(toBytes32(s))
                + String.format(Locale.ROOT, "%02x", 27 + recoveryId);
    }

    static byte[] toBytes32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}

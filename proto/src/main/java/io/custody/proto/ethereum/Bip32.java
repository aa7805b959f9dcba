package io.custody.proto.ethereum;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP-32 public child derivation (CKDpub), non-hardened only: a threshold key has no private key
 * anywhere to derive hardened children with. The enclave derives the key shares along the same
 * path (dkls23's {@code derive_child}, the same HMAC-SHA512 tweak), so the key this computes is
 * the key a request signed at that path verifies under.
 */
public final class Bip32 {

    /** Indices at or above 2^31 are hardened. */
    public static final long HARDENED_OFFSET = 0x8000_0000L;
    /** The deepest path the API accepts (custody.v1.DeriveAddressRequest). */
    public static final int MAX_DEPTH = 16;
    /** A chain code is 32 bytes. */
    public static final int CHAIN_CODE_LENGTH = 32;

    private Bip32() {}

    /**
     * The extended public key at {@code path} below ({@code compressedPublicKey}, {@code chainCode}).
     * An empty path gives the key itself (parent fingerprint and child number 0).
     *
     * @param path indices as protobuf-java gives a {@code repeated uint32}: a value at or above
     *     2^31 shows as a negative int, and is refused as hardened
     * @throws IllegalArgumentException for a bad key or chain code, a hardened index, a path
     *     deeper than {@link #MAX_DEPTH}, or (probability below 2^-127) an index BIP-32 declares
     *     invalid
     */
    public static DerivedKey derivePublic(byte[] compressedPublicKey, byte[] chainCode, List<Integer> path) {
        List<FieldViolation> violations = validatePath(path, "derivation_path");
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.getFirst().toString());
        }
        if (chainCode == null || chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("a chain code is 32 bytes");
        }
        ECPoint point = Secp256k1.decompress(compressedPublicKey);
        DerivedKey key = new DerivedKey(compressedPublicKey, chainCode, 0, 0);
        for (int index : path) {
            key = child(key, point, index);
            point = Secp256k1.decompress(key.publicKey());
        }
        return key;
    }

    /**
     * What is wrong with a derivation path, if anything: each index below 2^31, at most
     * {@link #MAX_DEPTH} levels. {@code field} names the path (e.g. {@code "derivation_path"}).
     */
    public static List<FieldViolation> validatePath(List<Integer> path, String field) {
        List<FieldViolation> violations = new ArrayList<>();
        if (path.size() > MAX_DEPTH) {
            violations.add(new FieldViolation(field, "at most " + MAX_DEPTH + " levels, has " + path.size()));
        }
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i) < 0) {
                violations.add(new FieldViolation(field + "[" + i + "]", "hardened index "
                        + Integer.toUnsignedString(path.get(i)) + ": only indices below 2^31 derive without a private key"));
            }
        }
        return violations;
    }

    private static DerivedKey child(DerivedKey parent, ECPoint parentPoint, int index) {
        byte[] parentKey = parent.publicKey();
        byte[] mac = hmacSha512(parent.chainCode(),
                ByteBuffer.allocate(parentKey.length + 4).put(parentKey).putInt(index).array());
        BigInteger tweak = new BigInteger(1, Arrays.copyOfRange(mac, 0, 32));
        if (tweak.compareTo(Secp256k1.order()) >= 0) {
            throw new IllegalArgumentException("BIP-32 child " + index + " is invalid (IL >= n); use another index");
        }
        ECPoint childPoint = Secp256k1.addTimesGenerator(parentPoint, tweak);
        if (childPoint == null) {
            throw new IllegalArgumentException("BIP-32 child " + index + " is the point at infinity; use another index");
        }
        int fingerprint = ByteBuffer.wrap(Hashes.hash160(parentKey)).getInt();
        return new DerivedKey(childPoint.getEncoded(true), Arrays.copyOfRange(mac, 32, 64), fingerprint, index);
    }

    private static byte[] hmacSha512(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA512", e);
        }
    }
}

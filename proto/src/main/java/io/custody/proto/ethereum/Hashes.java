package io.custody.proto.ethereum;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The hash functions of the chains: Keccak-256 (Ethereum's original Keccak padding, which is not
 * the SHA3-256 the JDK offers) and HASH160 = RIPEMD-160(SHA-256(x)) (Bitcoin, BIP-32
 * fingerprints). BouncyCastle's lightweight digests: no JCA provider is registered.
 */
final class Hashes {

    private Hashes() {}

    /** Keccak-256 of the concatenation of {@code parts}. */
    static byte[] keccak256(byte[]... parts) {
        return digest(new KeccakDigest(256), parts);
    }

    static byte[] sha256(byte[]... parts) {
        return digest(new SHA256Digest(), parts);
    }

    static byte[] hash160(byte[] data) {
        return digest(new RIPEMD160Digest(), sha256(data));
    }

    private static byte[] digest(Digest digest, byte[]... parts) {
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}

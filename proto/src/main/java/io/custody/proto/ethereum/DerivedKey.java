package io.custody.proto.ethereum;

import java.util.HexFormat;

/**
 * A BIP-32 extended public key reached by {@link Bip32#derivePublic}: the key, its chain code,
 * the fingerprint of its parent (first 4 bytes of HASH160 of the parent key, big-endian) and the
 * index it was derived with. Public data only. The arrays are copied in and out.
 */
public record DerivedKey(byte[] publicKey, byte[] chainCode, int parentFingerprint, int childNumber) {

    public DerivedKey {
        if (publicKey == null || publicKey.length != Secp256k1.COMPRESSED_LENGTH) {
            throw new IllegalArgumentException("a public key is 33 bytes, compressed");
        }
        if (chainCode == null || chainCode.length != Bip32.CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("a chain code is 32 bytes");
        }
        publicKey = publicKey.clone();
        chainCode = chainCode.clone();
    }

    /** The 33-byte SEC1 compressed key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte chain code. */
    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DerivedKey that
                && java.util.Arrays.equals(publicKey, that.publicKey)
                && java.util.Arrays.equals(chainCode, that.chainCode)
                && parentFingerprint == that.parentFingerprint
                && childNumber == that.childNumber;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(publicKey) * 31 + childNumber;
    }

    @Override
    public String toString() {
        return "DerivedKey[" + HexFormat.of().formatHex(publicKey) + ", child " + Integer.toUnsignedString(childNumber) + "]";
    }
}

package io.custody.proto.ethereum;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Test-only reader of a Base58Check "xpub…" (BIP-32 serialization), to compare with DerivedKey. */
record ExtendedPublicKeyText(int depth, int parentFingerprint, int childNumber, byte[] chainCode, byte[] publicKey) {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    static ExtendedPublicKeyText parse(String text) {
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("not base58: " + c);
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        byte[] full = new byte[82]; // 78 bytes of key data + 4 bytes of checksum; xpubs have no leading 1s
        System.arraycopy(raw, Math.max(0, raw.length - 82), full, Math.max(0, 82 - raw.length), Math.min(82, raw.length));
        byte[] data = Arrays.copyOfRange(full, 0, 78);
        byte[] check = Arrays.copyOfRange(Hashes.sha256(Hashes.sha256(data)), 0, 4);
        if (!Arrays.equals(check, Arrays.copyOfRange(full, 78, 82))) {
            throw new IllegalArgumentException("bad Base58Check checksum: " + text);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        if (in.getInt() != 0x0488B21E) {
            throw new IllegalArgumentException("not a mainnet xpub: " + text);
        }
        int depth = Byte.toUnsignedInt(in.get());
        int fingerprint = in.getInt();
        int child = in.getInt();
        byte[] chainCode = new byte[32];
        in.get(chainCode);
        byte[] key = new byte[33];
        in.get(key);
        return new ExtendedPublicKeyText(depth, fingerprint, child, chainCode, key);
    }
}

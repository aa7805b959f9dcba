package io.custody.enclave.seal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;

/**
 * What a sealed share is bound to: the wallet, the node holding it, the share version (a refresh
 * makes a new one) and the group public key. It is authenticated, not encrypted, so a blob
 * opens only for the exact tuple it was sealed with: a parent that swaps blobs between wallets,
 * nodes or versions, or hands back an old version, gets a {@link ShareOpenException}.
 *
 * <p>{@link #encode()} is canonical and injective (distinct values never share an encoding):
 *
 * <pre>
 * offset      size  field
 * 0           4     u32 BE 20, the length of the domain tag
 * 4           20    "custody/share-aad/v1" (US-ASCII)
 * 24          4     u32 BE w, the length of walletId in UTF-8 (1..512)
 * 28          w     walletId, UTF-8
 * 28+w        4     u32 BE n, the length of nodeId in UTF-8 (1..256)
 * 32+w        n     nodeId, UTF-8
 * 32+w+n      4     u32 BE shareVersion (1..2^31-1)
 * 36+w+n      4     u32 BE 33, the length of publicKey
 * 40+w+n      33    publicKey, SEC1 compressed secp256k1 (02|03 || x)
 * total 73+w+n bytes
 * </pre>
 *
 * <p>Identifiers must be well-formed UTF-16 (no lone surrogates), because the UTF-8 encoder
 * would otherwise map different strings to the same bytes.
 */
public record ShareAad(String walletId, String nodeId, int shareVersion, byte[] publicKey) {
    public static final String DOMAIN_TAG = "custody/share-aad/v1";
    public static final int MAX_WALLET_ID_CHARS = 128;
    public static final int MAX_NODE_ID_CHARS = 64;
    public static final int PUBLIC_KEY_LENGTH = 33;

    private static final byte[] TAG = DOMAIN_TAG.getBytes(StandardCharsets.US_ASCII);
    private static final ECCurve SECP256K1 = CustomNamedCurves.getByName("secp256k1").getCurve();

    public ShareAad {
        requireIdentifier(walletId, "walletId", MAX_WALLET_ID_CHARS);
        requireIdentifier(nodeId, "nodeId", MAX_NODE_ID_CHARS);
        if (shareVersion < 1) {
            throw new IllegalArgumentException("shareVersion must be at least 1, was " + shareVersion);
        }
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("publicKey must be " + PUBLIC_KEY_LENGTH
                    + " bytes (SEC1 compressed), was " + publicKey.length);
        }
        if (publicKey[0] != 0x02 && publicKey[0] != 0x03) {
            throw new IllegalArgumentException(String.format(
                    "publicKey must start with 0x02 or 0x03 (SEC1 compressed), was 0x%02x", publicKey[0]));
        }
        try {
            SECP256K1.decodePoint(publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey is not a point on secp256k1");
        }
        publicKey = publicKey.clone();
    }

    /** A copy of the 33-byte compressed group public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** True when {@code candidate} is this public key; constant time. */
    boolean hasPublicKey(byte[] candidate) {
        return MessageDigest.isEqual(publicKey, candidate);
    }

    /** The canonical encoding laid out in the class comment; a fresh array each call. */
    public byte[] encode() {
        byte[] wallet = walletId.getBytes(StandardCharsets.UTF_8);
        byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 * 5 + TAG.length + wallet.length + node.length + publicKey.length);
        out.putInt(TAG.length).put(TAG);
        out.putInt(wallet.length).put(wallet);
        out.putInt(node.length).put(node);
        out.putInt(shareVersion);
        out.putInt(publicKey.length).put(publicKey);
        return out.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareAad other
                && walletId.equals(other.walletId)
                && nodeId.equals(other.nodeId)
                && shareVersion == other.shareVersion
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(walletId, nodeId, shareVersion, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "ShareAad[walletId=" + walletId + ", nodeId=" + nodeId + ", shareVersion=" + shareVersion
                + ", publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
    }

    static void requireIdentifier(String value, String name, int maxChars) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(name + " must be at most " + maxChars + " characters, was "
                    + value.length());
        }
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + " must be well-formed UTF-16 (no lone surrogates)");
        }
    }
}

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
 * makes a new one), the group public key and BIP-32 chain code, and the wallet's governance (who
 * may sign for it; empty for an ungoverned test wallet). It is authenticated, not encrypted, so a
 * blob opens only for the exact tuple it was sealed with: a parent that swaps blobs between
 * wallets, nodes or versions, hands back an old version, or loosens the governance stored beside
 * the blob, gets a {@link ShareOpenException}.
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
 * 73+w+n      4     u32 BE 32, the length of chainCode
 * 77+w+n      32    chainCode, the BIP-32 chain code of the group key
 * 109+w+n     4     u32 BE g, the length of governance (0..65536)
 * 113+w+n     g     governance: deterministic custody.v1.WalletGovernance, empty = ungoverned
 * total 113+w+n+g bytes
 * </pre>
 *
 * <p>Version 2 of the layout ({@code v1} had neither chain code nor governance; no v1 blob is
 * kept anywhere, so none is read).
 *
 * <p>Identifiers must be well-formed UTF-16 (no lone surrogates), because the UTF-8 encoder
 * would otherwise map different strings to the same bytes.
 */
public record ShareAad(String walletId, String nodeId, int shareVersion, byte[] publicKey, byte[] chainCode,
                       byte[] governance) {
    public static final String DOMAIN_TAG = "custody/share-aad/v2";
    public static final int MAX_WALLET_ID_CHARS = 128;
    public static final int MAX_NODE_ID_CHARS = 64;
    public static final int PUBLIC_KEY_LENGTH = 33;
    public static final int CHAIN_CODE_LENGTH = 32;
    public static final int MAX_GOVERNANCE_LENGTH = 64 * 1024;

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
        Objects.requireNonNull(chainCode, "chainCode");
        if (chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("chainCode must be " + CHAIN_CODE_LENGTH + " bytes, was " + chainCode.length);
        }
        chainCode = chainCode.clone();
        Objects.requireNonNull(governance, "governance");
        if (governance.length > MAX_GOVERNANCE_LENGTH) {
            throw new IllegalArgumentException("governance must be at most " + MAX_GOVERNANCE_LENGTH
                    + " bytes, was " + governance.length);
        }
        governance = governance.clone();
    }

    /** A copy of the 33-byte compressed group public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A copy of the 32-byte chain code. */
    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    /** A copy of the governance bytes; empty for an ungoverned wallet. */
    @Override
    public byte[] governance() {
        return governance.clone();
    }

    /** True when {@code candidate} is this chain code. */
    boolean hasChainCode(byte[] candidate) {
        return MessageDigest.isEqual(chainCode, candidate);
    }

    /** True when {@code candidate} is this public key; constant time. */
    boolean hasPublicKey(byte[] candidate) {
        return MessageDigest.isEqual(publicKey, candidate);
    }

    /** The canonical encoding laid out in the class comment; a fresh array each call. */
    public byte[] encode() {
        byte[] wallet = walletId.getBytes(StandardCharsets.UTF_8);
        byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 * 7 + TAG.length + wallet.length + node.length + publicKey.length
                + chainCode.length + governance.length);
        out.putInt(TAG.length).put(TAG);
        out.putInt(wallet.length).put(wallet);
        out.putInt(node.length).put(node);
        out.putInt(shareVersion);
        out.putInt(publicKey.length).put(publicKey);
        out.putInt(chainCode.length).put(chainCode);
        out.putInt(governance.length).put(governance);
        return out.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareAad other
                && walletId.equals(other.walletId)
                && nodeId.equals(other.nodeId)
                && shareVersion == other.shareVersion
                && Arrays.equals(publicKey, other.publicKey)
                && Arrays.equals(chainCode, other.chainCode)
                && Arrays.equals(governance, other.governance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(walletId, nodeId, shareVersion, Arrays.hashCode(publicKey), Arrays.hashCode(chainCode),
                Arrays.hashCode(governance));
    }

    @Override
    public String toString() {
        return "ShareAad[walletId=" + walletId + ", nodeId=" + nodeId + ", shareVersion=" + shareVersion
                + ", publicKey=" + HexFormat.of().formatHex(publicKey) + ", governance=" + governance.length + " bytes]";
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

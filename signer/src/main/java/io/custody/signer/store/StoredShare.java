package io.custody.signer.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One version of one node's share of one wallet, exactly as it is stored: ciphertext only. The
 * sealed share is the enclave's AEAD blob (its associated data binds wallet, node, version,
 * public key, chain code and governance, so a swapped row, or one whose governance a host
 * loosened, fails to open in the enclave); the wrapped data key is the KMS ciphertext that only
 * the attested enclave can unwrap. Governance (the deterministic custody.v1.WalletGovernance,
 * empty for an ungoverned wallet) and chain code (32 bytes; empty only for a row written before
 * they were stored) are public and given back to the enclave with the blob.
 *
 * <p>Arrays are copied in and out. {@link #toString()} prints lengths, never bytes.
 */
public record StoredShare(
        String walletId,
        String nodeId,
        int version,
        byte[] publicKey,
        byte[] sealedShare,
        byte[] wrappedDataKey,
        KmsKeyRef kmsKey,
        byte[] governance,
        byte[] chainCode) {

    public static final int MAX_WALLET_ID_CHARS = 128;
    public static final int MAX_NODE_ID_CHARS = 64;
    public static final int PUBLIC_KEY_LENGTH = 33;
    public static final int CHAIN_CODE_LENGTH = 32;
    public static final int MAX_GOVERNANCE_LENGTH = 64 * 1024;

    /** A share without governance or chain code (an ungoverned wallet's row from before V3). */
    public StoredShare(String walletId, String nodeId, int version, byte[] publicKey, byte[] sealedShare,
                       byte[] wrappedDataKey, KmsKeyRef kmsKey) {
        this(walletId, nodeId, version, publicKey, sealedShare, wrappedDataKey, kmsKey, new byte[0], new byte[0]);
    }

    public StoredShare {
        requireIdentifier(walletId, "walletId", MAX_WALLET_ID_CHARS);
        requireIdentifier(nodeId, "nodeId", MAX_NODE_ID_CHARS);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != PUBLIC_KEY_LENGTH || (publicKey[0] != 0x02 && publicKey[0] != 0x03)) {
            throw new IllegalArgumentException("publicKey must be a " + PUBLIC_KEY_LENGTH
                    + "-byte SEC1 compressed point (02|03 || x), was " + publicKey.length + " bytes");
        }
        requireNonEmpty(sealedShare, "sealedShare");
        requireNonEmpty(wrappedDataKey, "wrappedDataKey");
        Objects.requireNonNull(kmsKey, "kmsKey");
        Objects.requireNonNull(governance, "governance");
        if (governance.length > MAX_GOVERNANCE_LENGTH) {
            throw new IllegalArgumentException("governance must be at most " + MAX_GOVERNANCE_LENGTH + " bytes");
        }
        Objects.requireNonNull(chainCode, "chainCode");
        if (chainCode.length != 0 && chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("chainCode must be " + CHAIN_CODE_LENGTH + " bytes, was "
                    + chainCode.length);
        }
        publicKey = publicKey.clone();
        sealedShare = sealedShare.clone();
        wrappedDataKey = wrappedDataKey.clone();
        governance = governance.clone();
        chainCode = chainCode.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sealedShare() {
        return sealedShare.clone();
    }

    @Override
    public byte[] wrappedDataKey() {
        return wrappedDataKey.clone();
    }

    /** The governance bytes the share was sealed with; empty for an ungoverned wallet. */
    @Override
    public byte[] governance() {
        return governance.clone();
    }

    /** The 32-byte chain code; empty only for a row from before it was stored. */
    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredShare s
                && walletId.equals(s.walletId)
                && nodeId.equals(s.nodeId)
                && version == s.version
                && Arrays.equals(publicKey, s.publicKey)
                && Arrays.equals(sealedShare, s.sealedShare)
                && Arrays.equals(wrappedDataKey, s.wrappedDataKey)
                && kmsKey.equals(s.kmsKey)
                && Arrays.equals(governance, s.governance)
                && Arrays.equals(chainCode, s.chainCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(walletId, nodeId, version, Arrays.hashCode(publicKey),
                Arrays.hashCode(sealedShare), Arrays.hashCode(wrappedDataKey), kmsKey,
                Arrays.hashCode(governance), Arrays.hashCode(chainCode));
    }

    @Override
    public String toString() {
        return "StoredShare[walletId=" + walletId + ", nodeId=" + nodeId + ", version=" + version
                + ", sealedShare=" + sealedShare.length + " bytes, wrappedDataKey="
                + wrappedDataKey.length + " bytes, kmsKey=" + kmsKey + ", governance=" + governance.length
                + " bytes]";
    }

    private static void requireIdentifier(String value, String name, int maxChars) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.length() > maxChars) {
            throw new IllegalArgumentException(name + " must be 1.." + maxChars + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must not contain control characters");
        }
    }

    private static void requireNonEmpty(byte[] value, String name) {
        Objects.requireNonNull(value, name);
        if (value.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}

package io.custody.signer.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One version of one node's share of one wallet, exactly as it is stored: ciphertext only. The
 * sealed share is the enclave's AEAD blob (its associated data binds wallet, node, version and
 * public key, so a swapped row fails to open in the enclave); the wrapped data key is the KMS
 * ciphertext that only the attested enclave can unwrap.
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
        KmsKeyRef kmsKey) {

    public static final int MAX_WALLET_ID_CHARS = 128;
    public static final int MAX_NODE_ID_CHARS = 64;
    public static final int PUBLIC_KEY_LENGTH = 33;

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
        publicKey = publicKey.clone();
        sealedShare = sealedShare.clone();
        wrappedDataKey = wrappedDataKey.clone();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredShare s
                && walletId.equals(s.walletId)
                && nodeId.equals(s.nodeId)
                && version == s.version
                && Arrays.equals(publicKey, s.publicKey)
                && Arrays.equals(sealedShare, s.sealedShare)
                && Arrays.equals(wrappedDataKey, s.wrappedDataKey)
                && kmsKey.equals(s.kmsKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(walletId, nodeId, version, Arrays.hashCode(publicKey),
                Arrays.hashCode(sealedShare), Arrays.hashCode(wrappedDataKey), kmsKey);
    }

    @Override
    public String toString() {
        return "StoredShare[walletId=" + walletId + ", nodeId=" + nodeId + ", version=" + version
                + ", sealedShare=" + sealedShare.length + " bytes, wrappedDataKey="
                + wrappedDataKey.length + " bytes, kmsKey=" + kmsKey + "]";
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

package io.custody.control.store;

import java.time.Instant;
import java.util.List;

/**
 * A wallet as stored. {@code governance} is the custody.v1.WalletGovernance fixed at creation,
 * kept as the bytes the DKG bound into every share; {@code signingKeyIds} are its key ids.
 */
public record StoredWallet(String walletId, long ordinal, String displayName, State state, String curve,
        byte[] publicKey, byte[] chainCode, int threshold, int shareCount, int shareVersion, List<String> nodeIds,
        String kmsKeyId, byte[] governance, boolean allowRawDigest, List<String> signingKeyIds, Instant createTime,
        Instant refreshTime) {

    /** Where a wallet is in its life; FAILED is final. */
    public enum State {
        CREATING, ACTIVE, REFRESHING, FAILED;

        public String storeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State fromStoreName(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public StoredWallet {
        nodeIds = List.copyOf(nodeIds);
        signingKeyIds = List.copyOf(signingKeyIds);
    }

    /** Signs and derives addresses. */
    public boolean hasKey() {
        return state == State.ACTIVE || state == State.REFRESHING;
    }
}

package io.custody.signer.session;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A wallet this node holds a share of: the share version its enclave has open, the threshold,
 * this node's party index and every holder's node by party index (from the DKG).
 */
public record WalletHolding(String walletId, int shareVersion, int threshold, int selfIndex,
                            Map<Integer, String> nodeByParty) {
    public WalletHolding {
        Objects.requireNonNull(walletId, "walletId");
        nodeByParty = Map.copyOf(new TreeMap<>(nodeByParty));
        if (threshold < 2 || threshold > nodeByParty.size() || !nodeByParty.containsKey(selfIndex)) {
            throw new IllegalArgumentException("inconsistent holding of " + walletId);
        }
    }

    public int shareCount() {
        return nodeByParty.size();
    }

    public String selfNodeId() {
        return nodeByParty.get(selfIndex);
    }
}

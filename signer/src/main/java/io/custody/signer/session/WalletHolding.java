package io.custody.signer.session;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A wallet this node holds a share of: the share version its enclave has open, the threshold,
 * this node's party index and every holder's node by party index (from the DKG).
 */
public record WalletHolding(String walletId, int shareVersion, int threshold, int selfIndex,
                            Map<Integer, String> nodeByParty) {
    public WalletHolding {
        Objects.requireNonNull(walletId, "walletId");
        nodeByParty = Map.copyOf(new TreeMap<>(nodeByParty));
        int n = nodeByParty.size();
        if (threshold < 2 || threshold > n || !nodeByParty.containsKey(selfIndex)
                || !IntStream.rangeClosed(1, n).allMatch(nodeByParty::containsKey)) { // parties are 1..n
            throw new IllegalArgumentException("inconsistent holding of " + walletId);
        }
    }

    public int shareCount() {
        return nodeByParty.size();
    }

    /** Every holder's node id in party order (party i at index i − 1). */
    public List<String> holders() {
        return IntStream.rangeClosed(1, nodeByParty.size()).mapToObj(nodeByParty::get).toList();
    }

    public String selfNodeId() {
        return nodeByParty.get(selfIndex);
    }
}

package io.custody.signer.store;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Who holds a wallet's shares: the threshold and every holder's node id in party order (party i
 * is {@code nodeIds.get(i - 1)}), as the DKG fixed them. Stored beside each share version
 * (columns {@code threshold}, {@code holders}) so a restarted signer can coordinate and join
 * signing sessions without the DKG job. Not secret.
 */
public record ShareRoster(int threshold, List<String> nodeIds) {
    static final char SEPARATOR = ',';

    public ShareRoster {
        nodeIds = List.copyOf(Objects.requireNonNull(nodeIds, "nodeIds"));
        if (threshold < 2 || threshold > nodeIds.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " does not fit " + nodeIds.size() + " holders");
        }
        for (String node : nodeIds) {
            if (node.isEmpty() || node.length() > StoredShare.MAX_NODE_ID_CHARS || node.indexOf(SEPARATOR) >= 0
                    || node.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("not a storable node id: " + node);
            }
        }
        if (new HashSet<>(nodeIds).size() != nodeIds.size()) {
            throw new IllegalArgumentException("a node appears twice among the holders");
        }
    }

    /** Party index (1-based) of {@code nodeId}, or 0 if it holds no share. */
    public int partyOf(String nodeId) {
        return nodeIds.indexOf(nodeId) + 1;
    }

    String holdersColumn() {
        return String.join(String.valueOf(SEPARATOR), nodeIds);
    }

    static ShareRoster fromColumns(Integer threshold, String holders) {
        if (threshold == null || holders == null) {
            return null;
        }
        return new ShareRoster(threshold, Arrays.asList(holders.split(String.valueOf(SEPARATOR), -1)));
    }
}

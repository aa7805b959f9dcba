package io.custody.control.wallet;

import java.time.Duration;
import java.util.List;

/**
 * What every new wallet gets from the deployment: its nodes (party i = nodeIds[i-1]), threshold,
 * the KMS key that seals its shares, and how long its DKG or refresh may take.
 */
public record WalletSettings(List<String> nodeIds, int threshold, String kmsKeyId, Duration operationDeadline) {

    public WalletSettings {
        nodeIds = List.copyOf(nodeIds);
        if (nodeIds.isEmpty() || nodeIds.stream().distinct().count() != nodeIds.size()) {
            throw new IllegalArgumentException("the nodes must be distinct and at least one");
        }
        if (threshold < 1 || threshold > nodeIds.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " is not in 1.." + nodeIds.size());
        }
        if (kmsKeyId == null || kmsKeyId.isBlank()) {
            throw new IllegalArgumentException("a KMS key id is required");
        }
    }
}

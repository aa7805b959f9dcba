package io.custody.signer.store;

import java.util.Arrays;

/**
 * Where a share version is in its life. The only moves are {@code PENDING -> ACTIVE},
 * {@code ACTIVE -> RETIRED} and {@code PENDING -> RETIRED} (an abandoned refresh); the database
 * trigger {@code key_shares_guard} refuses any other.
 */
public enum ShareState {
    /** Written by DKG or refresh, not yet used for signing. */
    PENDING("pending"),
    /** The one version this node signs with; at most one per wallet and node. */
    ACTIVE("active"),
    /** Superseded or abandoned; kept, never deleted, never reactivated. */
    RETIRED("retired");

    private final String column;

    ShareState(String column) {
        this.column = column;
    }

    /** The value stored in {@code key_shares.state}. */
    String column() {
        return column;
    }

    static ShareState fromColumn(String value) {
        return Arrays.stream(values())
                .filter(s -> s.column.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown share state " + value));
    }
}

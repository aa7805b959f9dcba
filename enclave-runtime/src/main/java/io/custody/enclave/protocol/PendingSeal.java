package io.custody.enclave.protocol;

import io.custody.enclave.authz.Governance;
import io.custody.enclave.seal.DataKey;

/**
 * How the share a DKG or refresh will produce gets sealed: opened at phase 1 (so a bad data key
 * fails the session before any protocol work) and closed when the session ends. The governance
 * is the DKG's, or for a refresh the old share's, carried over unchanged. The node is always the
 * enclave's own ({@link ShareVault}).
 */
record PendingSeal(String walletId, int shareVersion, DataKey dataKey, byte[] wrappedDataKey,
                   Governance governance) implements AutoCloseable {
    PendingSeal {
        wrappedDataKey = wrappedDataKey.clone();
    }

    @Override
    public byte[] wrappedDataKey() {
        return wrappedDataKey.clone();
    }

    @Override
    public void close() {
        dataKey.close();
    }

    @Override
    public String toString() {
        return "PendingSeal[" + walletId + " v" + shareVersion + "]";
    }
}

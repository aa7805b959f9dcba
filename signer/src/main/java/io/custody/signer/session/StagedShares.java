package io.custody.signer.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Share versions this node's enclave made and its store keeps as pending, waiting for the
 * control plane's activation (all n agreed). They sign nothing until then. In memory: a node
 * restarted before the activation reports that version as unavailable, and the control plane runs
 * the DKG or refresh again.
 */
public final class StagedShares {
    /** A pending version: the holding it becomes on activation, and its public key (not secret). */
    public record Staged(WalletHolding holding, byte[] publicKey) {
        public Staged {
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    private final Map<String, Staged> staged = new ConcurrentHashMap<>();

    public void put(WalletHolding holding, byte[] publicKey) {
        staged.put(key(holding.walletId(), holding.shareVersion()), new Staged(holding, publicKey));
    }

    public Optional<Staged> get(String walletId, int version) {
        return Optional.ofNullable(staged.get(key(walletId, version)));
    }

    public void remove(String walletId, int version) {
        staged.remove(key(walletId, version));
    }

    private static String key(String walletId, int version) {
        return walletId + "#" + version;
    }
}

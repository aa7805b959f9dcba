package io.custody.signer.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wallets this node can sign for, by wallet id. Filled when a DKG finishes here, and at start
 * from the node's share store ({@code nats.PersistentShares}).
 */
public final class WalletHoldings {
    private final Map<String, WalletHolding> holdings = new ConcurrentHashMap<>();

    public void put(WalletHolding holding) {
        holdings.put(holding.walletId(), holding);
    }

    public int size() {
        return holdings.size();
    }

    public Optional<WalletHolding> get(String walletId) {
        return Optional.ofNullable(holdings.get(walletId));
    }
}

package io.custody.signer.nats;

import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.session.WalletHolding;
import java.util.List;

/**
 * What a starting node does before it takes work: opens its stored shares in its enclave and
 * returns the wallets it can sign for. {@link PersistentShares} in production; {@link #NONE} for a
 * node without a share store.
 */
@FunctionalInterface
public interface ShareReopener {
    ShareReopener NONE = enclave -> List.of();

    List<WalletHolding> reopen(EnclaveClient enclave) throws Exception;
}

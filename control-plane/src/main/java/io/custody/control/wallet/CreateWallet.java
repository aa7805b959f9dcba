package io.custody.control.wallet;

import io.custody.control.auth.Authenticated;
import java.util.List;

/**
 * A validated, authenticated CreateWallet.
 *
 * @param governance the custody.v1.WalletGovernance bytes, deterministic, as the DKG binds them
 * @param signingKeys each key's id, algorithm name and SPKI, as the request listed them
 */
public record CreateWallet(Authenticated caller, String method, String idempotencyKey, String displayName,
        byte[] governance, boolean allowRawDigest, List<GovernanceKey> signingKeys) {

    /** One key of the governance, as the request gave it. */
    public record GovernanceKey(String keyId, String algorithm, byte[] publicKey) {}

    public CreateWallet {
        signingKeys = List.copyOf(signingKeys);
    }
}

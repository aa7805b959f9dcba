package io.custody.enclave.authz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may sign for a wallet and what, as fixed at its DKG: the client keys whose signature
 * authorises a signing request, and whether a raw digest may be signed. Its canonical bytes
 * (the deterministic encoding of {@code custody.v1.WalletGovernance}) are sealed into the
 * associated data of every share of the wallet, so a host cannot swap it; a refresh carries it
 * over unchanged. {@link #UNGOVERNED} (empty bytes) is a wallet without governance, which only
 * the messaging-plane tests create: it signs a bare digest, exactly as before governance existed.
 */
public final class Governance {

    /** No governance: signs the host's message hash (tests of the messaging plane only). */
    public static final Governance UNGOVERNED = new Governance(new byte[0], List.of(), false);

    private final byte[] canonicalBytes;
    private final Map<String, ClientKey> keys;
    private final boolean allowRawDigestSigning;

    Governance(byte[] canonicalBytes, List<ClientKey> keys, boolean allowRawDigestSigning) {
        this.canonicalBytes = canonicalBytes.clone();
        Map<String, ClientKey> byId = new LinkedHashMap<>();
        for (ClientKey key : keys) {
            if (byId.put(key.keyId(), key) != null) {
                throw new InvalidGovernanceException("signing key " + key.keyId() + " is listed twice");
            }
        }
        this.keys = Map.copyOf(byId);
        this.allowRawDigestSigning = allowRawDigestSigning;
    }

    /** False only for {@link #UNGOVERNED}. */
    public boolean isGoverned() {
        return canonicalBytes.length > 0;
    }

    /** The key with this id, if the governance lists it. */
    public Optional<ClientKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    public boolean allowsRawDigestSigning() {
        return allowRawDigestSigning;
    }

    /** What is sealed into the share's associated data; empty for {@link #UNGOVERNED}. */
    public byte[] canonicalBytes() {
        return canonicalBytes.clone();
    }

    @Override
    public String toString() {
        return isGoverned() ? "Governance[" + keys.size() + " keys, raw digests " + (allowRawDigestSigning ? "allowed" : "refused") + "]"
                : "Governance[none]";
    }
}

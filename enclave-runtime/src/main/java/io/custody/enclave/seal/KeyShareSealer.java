package io.custody.enclave.seal;

import io.custody.dkls23.Dkls23Exception;
import io.custody.dkls23.KeyShare;
import io.custody.dkls23.SecretBytes;
import io.custody.enclave.authz.Governance;
import io.custody.enclave.authz.GovernanceSerialization;
import io.custody.enclave.authz.InvalidGovernanceException;
import java.util.Objects;

/**
 * Seals and opens DKLs23 {@link KeyShare}s through a {@link ShareSealer}, so the serialized
 * share exists in the Java heap only between {@code serialize} and the seal (or the open and
 * {@code deserialize}) and is zeroed right after.
 *
 * <p>Guarantees, beyond {@link ShareSealer}'s: a share is sealed only under associated data
 * naming its own group public key and chain code, and an opened share is returned only if its
 * group public key and chain code equal the ones in the associated data, with the governance the
 * associated data names.
 */
public final class KeyShareSealer {
    private final ShareSealer sealer;

    public KeyShareSealer(ShareSealer sealer) {
        this.sealer = Objects.requireNonNull(sealer, "sealer");
    }

    /** Seals {@code share} (still owned by the caller) under {@code key} and {@code aad}. */
    public byte[] seal(DataKey key, ShareAad aad, KeyShare share) throws ShareContentException {
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(share, "share");
        if (!aad.hasPublicKey(share.publicKey())) {
            throw ShareContentException.publicKeyMismatch();
        }
        if (!aad.hasChainCode(share.chainCode())) {
            throw ShareContentException.chainCodeMismatch();
        }
        try (SecretBytes serialized = share.serialize()) {
            return sealer.seal(key, aad, serialized);
        }
    }

    /** Opens a share sealed by {@link #seal}; the caller owns and closes the result. */
    public OpenedShare open(DataKey key, ShareAad aad, byte[] blob) throws SealingException {
        KeyShare share;
        try (SecretBytes serialized = sealer.open(key, aad, blob)) {
            share = KeyShare.deserialize(serialized.bytes());
        } catch (Dkls23Exception e) {
            throw ShareContentException.notAKeyShare();
        }
        try {
            if (!aad.hasPublicKey(share.publicKey())) {
                throw ShareContentException.publicKeyMismatch();
            }
            if (!aad.hasChainCode(share.chainCode())) {
                throw ShareContentException.chainCodeMismatch();
            }
            return new OpenedShare(share, governance(aad));
        } catch (SealingException | RuntimeException e) {
            share.close();
            throw e;
        }
    }

    /** The governance the (authenticated) associated data names. */
    private static Governance governance(ShareAad aad) throws ShareContentException {
        try {
            return GovernanceSerialization.fromCanonicalBytes(aad.governance());
        } catch (InvalidGovernanceException e) {
            throw ShareContentException.unreadableGovernance(e.getMessage());
        }
    }
}

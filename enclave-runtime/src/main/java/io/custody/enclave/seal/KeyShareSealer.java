package io.custody.enclave.seal;

import io.custody.dkls23.Dkls23Exception;
import io.custody.dkls23.KeyShare;
import io.custody.dkls23.SecretBytes;
import java.util.Objects;

/**
 * Seals and opens DKLs23 {@link KeyShare}s through a {@link ShareSealer}, so the serialized
 * share exists in the Java heap only between {@code serialize} and the seal (or the open and
 * {@code deserialize}) and is zeroed right after.
 *
 * <p>Guarantees, beyond {@link ShareSealer}'s: a share is sealed only under associated data
 * naming its own group public key, and an opened share is returned only if its group public key
 * equals the one in the associated data.
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
        try (SecretBytes serialized = share.serialize()) {
            return sealer.seal(key, aad, serialized);
        }
    }

    /** Opens a share sealed by {@link #seal}; the caller owns and closes the result. */
    public KeyShare open(DataKey key, ShareAad aad, byte[] blob) throws SealingException {
        KeyShare share;
        try (SecretBytes serialized = sealer.open(key, aad, blob)) {
            share = KeyShare.deserialize(serialized.bytes());
        } catch (Dkls23Exception e) {
            throw ShareContentException.notAKeyShare();
        }
        boolean matches;
        try {
            matches = aad.hasPublicKey(share.publicKey());
        } catch (RuntimeException e) {
            share.close();
            throw e;
        }
        if (!matches) {
            share.close();
            throw ShareContentException.publicKeyMismatch();
        }
        return share;
    }
}

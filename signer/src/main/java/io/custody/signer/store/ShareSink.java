package io.custody.signer.store;

import io.custody.proto.enclave.v1.SealedShare;

/**
 * Where a node puts the sealed share its enclave made (DKG, refresh), with the roster it was made
 * for; {@code io.custody.signer.nats.PersistentShares} (the {@link ShareStore}) in production. A
 * new share is kept {@code pending} and signs nothing until the control plane has seen all n
 * nodes agree on it and sends the activation. A failure fails the job: a share not stored is not
 * reported, a version not activated is not used.
 */
public interface ShareSink {
    /** Keeps a new version as pending. */
    void store(SealedShare share, String kmsKeyId, ShareRoster roster) throws Exception;

    /** Makes a stored version active and retires the one before it, atomically. */
    void activate(String walletId, int version) throws Exception;
}

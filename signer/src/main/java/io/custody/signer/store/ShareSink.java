package io.custody.signer.store;

import io.custody.proto.enclave.v1.SealedShare;

/**
 * Where a node puts the sealed share its enclave made (DKG, refresh), with the roster it was made
 * for; {@code io.custody.signer.nats.PersistentShares} (the {@link ShareStore}) in production. A
 * failure fails the job: a share not stored is not reported.
 */
@FunctionalInterface
public interface ShareSink {
    void store(SealedShare share, String kmsKeyId, ShareRoster roster) throws Exception;
}

package io.custody.signer.store;

import io.custody.proto.enclave.v1.SealedShare;

/**
 * Where a node puts the sealed share its enclave made (DKG, refresh), as {@code pending}; the
 * {@link ShareStore} in production. A failure fails the job: a share not stored is not reported.
 */
@FunctionalInterface
public interface ShareSink {
    void store(SealedShare share, String kmsKeyId) throws Exception;
}

package io.custody.signer;

import io.custody.proto.enclave.v1.SealedShare;
import io.custody.signer.store.ShareRoster;
import io.custody.signer.store.ShareSink;

/** A node started without {@code --db-url}: it signs with nothing new, so DKG and refresh fail. */
enum NoShareStore implements ShareSink {
    INSTANCE;

    @Override
    public void store(SealedShare share, String kmsKeyId, ShareRoster roster) {
        throw new IllegalStateException("no share store configured (--db-url)");
    }

    @Override
    public void activate(String walletId, int version) {
        throw new IllegalStateException("no share store configured (--db-url)");
    }
}

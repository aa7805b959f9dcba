package io.custody.enclave.protocol;

import com.google.protobuf.ByteString;
import io.custody.dkls23.KeyShare;
import io.custody.enclave.seal.DataKey;
import io.custody.enclave.seal.KeyShareSealer;
import io.custody.enclave.seal.RecipientDataKeyOpener;
import io.custody.enclave.seal.SealingException;
import io.custody.enclave.seal.ShareAad;
import io.custody.enclave.seal.ShareCache;
import io.custody.enclave.seal.ShareCacheKey;
import io.custody.enclave.seal.ShareSealer;
import io.custody.proto.enclave.v1.SealedShare;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where shares enter and leave plaintext: data keys arrive only as KMS CiphertextForRecipient
 * for this enclave's RSA key, shares leave only sealed under them, and opened shares live in
 * the bounded {@link ShareCache}.
 */
final class ShareVault implements AutoCloseable {
    private final RecipientDataKeyOpener opener;
    private final KeyShareSealer sealer = new KeyShareSealer(new ShareSealer());
    private final ShareCache cache;

    ShareVault(RecipientDataKeyOpener opener, int cacheCapacity) {
        this.opener = opener;
        this.cache = new ShareCache(cacheCapacity);
    }

    DataKey openDataKey(byte[] ciphertextForRecipient) throws SealingException {
        return opener.open(ciphertextForRecipient);
    }

    /** Seals a new share for storage and keeps it open in the cache; closes it on failure. */
    SealedShare sealAndKeep(PendingSeal plan, KeyShare share) throws SealingException {
        try {
            ShareAad aad = new ShareAad(plan.walletId(), plan.nodeId(), plan.shareVersion(), share.publicKey());
            byte[] blob = sealer.seal(plan.dataKey(), aad, share);
            cache.put(ShareCacheKey.of(aad), share);
            return SealedShare.newBuilder()
                    .setWalletId(plan.walletId())
                    .setNodeId(plan.nodeId())
                    .setShareVersion(plan.shareVersion())
                    .setPublicKey(ByteString.copyFrom(aad.publicKey()))
                    .setWrappedDataKey(ByteString.copyFrom(plan.wrappedDataKey()))
                    .setCiphertext(ByteString.copyFrom(blob))
                    .build();
        } catch (SealingException | RuntimeException e) {
            share.close();
            throw e;
        }
    }

    /** Opens a stored share into the cache; returns its key for the response. */
    KeyShareFacts open(SealedShare sealed, byte[] ciphertextForRecipient) throws SealingException {
        ShareAad aad = new ShareAad(sealed.getWalletId(), sealed.getNodeId(), sealed.getShareVersion(),
                sealed.getPublicKey().toByteArray());
        try (DataKey key = opener.open(ciphertextForRecipient)) {
            KeyShare share = sealer.open(key, aad, sealed.getCiphertext().toByteArray());
            KeyShareFacts facts = new KeyShareFacts(share.publicKey(), share.ethereumAddress());
            cache.put(ShareCacheKey.of(aad), share);
            return facts;
        }
    }

    <R> Optional<R> withShare(String walletId, int shareVersion, Function<KeyShare, R> use) {
        return cache.withShare(new ShareCacheKey(walletId, shareVersion), use);
    }

    int cachedShares() {
        return cache.size();
    }

    @Override
    public void close() {
        cache.close();
    }

    record KeyShareFacts(byte[] publicKey, String ethereumAddress) {}
}

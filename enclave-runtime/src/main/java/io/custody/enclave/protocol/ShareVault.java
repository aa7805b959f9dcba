package io.custody.enclave.protocol;

import com.google.protobuf.ByteString;
import io.custody.dkls23.KeyShare;
import io.custody.enclave.authz.Governance;
import io.custody.enclave.seal.DataKey;
import io.custody.enclave.seal.ForeignShareException;
import io.custody.enclave.seal.KeyShareSealer;
import io.custody.enclave.seal.OpenedShare;
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
 * the bounded {@link ShareCache}, each with the governance it was sealed with. Every share it
 * seals names this enclave's node (from its boot configuration, attested in PCR16) in its
 * associated data, and it opens no share of another node.
 */
final class ShareVault implements AutoCloseable {
    private final RecipientDataKeyOpener opener;
    private final KeyShareSealer sealer = new KeyShareSealer(new ShareSealer());
    private final ShareCache cache;
    private final String nodeId;

    ShareVault(RecipientDataKeyOpener opener, int cacheCapacity, String nodeId) {
        this.opener = opener;
        this.cache = new ShareCache(cacheCapacity);
        this.nodeId = nodeId;
    }

    String nodeId() {
        return nodeId;
    }

    DataKey openDataKey(byte[] ciphertextForRecipient) throws SealingException {
        return opener.open(ciphertextForRecipient);
    }

    /**
     * Seals a new share for storage, bound to its chain code and the plan's governance, and keeps
     * it open in the cache; closes it on failure.
     */
    SealedShare sealAndKeep(PendingSeal plan, KeyShare share) throws SealingException {
        try {
            Governance governance = plan.governance();
            ShareAad aad = new ShareAad(plan.walletId(), nodeId, plan.shareVersion(), share.publicKey(),
                    share.chainCode(), governance.canonicalBytes());
            byte[] blob = sealer.seal(plan.dataKey(), aad, share);
            cache.put(ShareCacheKey.of(aad), new OpenedShare(share, governance));
            return SealedShare.newBuilder()
                    .setWalletId(plan.walletId())
                    .setNodeId(nodeId)
                    .setShareVersion(plan.shareVersion())
                    .setPublicKey(ByteString.copyFrom(aad.publicKey()))
                    .setWrappedDataKey(ByteString.copyFrom(plan.wrappedDataKey()))
                    .setCiphertext(ByteString.copyFrom(blob))
                    .setGovernance(ByteString.copyFrom(aad.governance()))
                    .setChainCode(ByteString.copyFrom(aad.chainCode()))
                    .build();
        } catch (SealingException | RuntimeException e) {
            share.close();
            throw e;
        }
    }

    /**
     * Opens a stored share into the cache; returns its public facts for the response. The
     * governance and chain code stored beside the blob are part of its associated data: altered,
     * the blob does not open. A share of another node is refused before anything is opened.
     */
    KeyShareFacts open(SealedShare sealed, byte[] ciphertextForRecipient) throws SealingException {
        if (!sealed.getNodeId().equals(nodeId)) {
            throw ForeignShareException.of(sealed.getNodeId(), nodeId);
        }
        ShareAad aad = new ShareAad(sealed.getWalletId(), sealed.getNodeId(), sealed.getShareVersion(),
                sealed.getPublicKey().toByteArray(), sealed.getChainCode().toByteArray(),
                sealed.getGovernance().toByteArray());
        try (DataKey key = opener.open(ciphertextForRecipient)) {
            OpenedShare opened = sealer.open(key, aad, sealed.getCiphertext().toByteArray());
            KeyShareFacts facts;
            try {
                KeyShare share = opened.share();
                facts = new KeyShareFacts(share.publicKey(), share.ethereumAddress(), share.chainCode());
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            cache.put(ShareCacheKey.of(aad), opened);
            return facts;
        }
    }

    <R> Optional<R> withShare(String walletId, int shareVersion, Function<OpenedShare, R> use) {
        return cache.withShare(new ShareCacheKey(walletId, shareVersion), use);
    }

    int cachedShares() {
        return cache.size();
    }

    @Override
    public void close() {
        cache.close();
    }

    record KeyShareFacts(byte[] publicKey, String ethereumAddress, byte[] chainCode) {}
}

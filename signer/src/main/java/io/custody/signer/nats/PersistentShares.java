package io.custody.signer.nats;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.OpenShareRequest;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.kms.EnclaveKeyClient;
import io.custody.signer.kms.KmsDataKeySource;
import io.custody.signer.session.WalletHolding;
import io.custody.signer.store.ActiveShare;
import io.custody.signer.store.KmsKeyRef;
import io.custody.signer.store.ShareRoster;
import io.custody.signer.store.ShareSink;
import io.custody.signer.store.ShareStore;
import io.custody.signer.store.StoredShare;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node's shares in its {@link ShareStore}. As a {@link ShareSink}: a new share is stored
 * {@code pending} with its roster; it becomes active (and the version before it retired) only on
 * the control plane's {@code ActivateJob}, sent once all n nodes reported the same public key and
 * final broadcast digest. As a {@link ShareReopener}: for every active share of this node, KMS
 * {@code Decrypt} of the stored data key with the enclave's fresh attestation as {@code Recipient}
 * and the encryption context of the DKG ({@link KmsDataKeySource#context}), then {@code open_share}
 * in the enclave with the stored governance and chain code (both in the blob's associated data),
 * whose public key must match the row's; each opened share becomes a
 * {@link WalletHolding}. A share that does not open is logged and left out (the node serves the
 * others); the row is never changed.
 */
public final class PersistentShares implements ShareSink, ShareReopener {
    private static final System.Logger LOG = System.getLogger(PersistentShares.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    /** Data keys come from one KMS key generation until key rotation is built. */
    private static final int KMS_KEY_GENERATION = 1;

    private final ShareStore store;
    private final EnclaveKeyClient keys;

    public PersistentShares(ShareStore store, EnclaveKeyClient keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void store(SealedShare share, String kmsKeyId, ShareRoster roster) {
        StoredShare row = new StoredShare(share.getWalletId(), share.getNodeId(), share.getShareVersion(),
                share.getPublicKey().toByteArray(), share.getCiphertext().toByteArray(),
                share.getWrappedDataKey().toByteArray(), new KmsKeyRef(kmsKeyId, KMS_KEY_GENERATION),
                share.getGovernance().toByteArray(), share.getChainCode().toByteArray());
        store.store(row, roster);
    }

    @Override
    public void activate(String walletId, int version) {
        store.activate(walletId, version);
    }

    @Override
    public List<WalletHolding> reopen(EnclaveClient enclave) throws InterruptedException {
        List<WalletHolding> opened = new ArrayList<>();
        for (ActiveShare active : store.activeShares()) {
            StoredShare row = active.share();
            if (active.roster().isEmpty()) {
                LOG.log(Level.WARNING, "share {0} has no stored roster; not reopened", row);
                continue;
            }
            ShareRoster roster = active.roster().get();
            try {
                byte[] nonce = new byte[32];
                RANDOM.nextBytes(nonce);
                byte[] dataKey = keys.decryptForEnclave(row.wrappedDataKey(), row.kmsKey().keyId(),
                        enclave.attest(nonce), KmsDataKeySource.context(row.walletId(), row.nodeId()));
                Response response = enclave.call(Request.newBuilder().setOpenShare(OpenShareRequest.newBuilder()
                        .setSealedShare(sealed(row)).setDataKeyForRecipient(ByteString.copyFrom(dataKey))).build(),
                        OPEN_TIMEOUT);
                if (!response.hasOpenShare()) {
                    LOG.log(Level.WARNING, "the enclave did not open {0}: {1}", row, response.getError().getCode());
                    continue;
                }
                if (!Arrays.equals(row.publicKey(), response.getOpenShare().getPublicKey().toByteArray())) {
                    LOG.log(Level.WARNING, "share {0} opened to another public key; not used", row);
                    continue;
                }
                Map<Integer, String> nodeByParty = new TreeMap<>();
                for (int i = 0; i < roster.nodeIds().size(); i++) {
                    nodeByParty.put(i + 1, roster.nodeIds().get(i));
                }
                opened.add(new WalletHolding(row.walletId(), row.version(), roster.threshold(),
                        roster.partyOf(row.nodeId()), nodeByParty));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "reopening " + row + " failed: " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
            }
        }
        return opened;
    }

    /** The row as the enclave sealed it: governance and chain code are in the blob's associated data. */
    static SealedShare sealed(StoredShare row) {
        return SealedShare.newBuilder().setWalletId(row.walletId()).setNodeId(row.nodeId())
                .setShareVersion(row.version()).setPublicKey(ByteString.copyFrom(row.publicKey()))
                .setWrappedDataKey(ByteString.copyFrom(row.wrappedDataKey()))
                .setCiphertext(ByteString.copyFrom(row.sealedShare()))
                .setGovernance(ByteString.copyFrom(row.governance()))
                .setChainCode(ByteString.copyFrom(row.chainCode())).build();
    }
}

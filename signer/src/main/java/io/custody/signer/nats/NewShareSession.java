package io.custody.signer.nats;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.Peer;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.signer.kms.DataKeyForEnclave;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.session.SessionOutcome;
import io.custody.signer.session.SessionPlan;
import io.custody.signer.session.WalletHolding;
import io.custody.signer.store.ShareRoster;
import io.custody.signer.store.ShareSink;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * This node's part of a session of all n holders that ends in a new share (DKG, refresh): the
 * other holders' attestations as roster, a data key for this node's enclave, the four steps, then
 * the sealed share stored as pending and staged until the control plane activates it. Every
 * failure is a non-retryable {@link JobResult}: the enclaves refuse a session id twice, so the
 * control plane starts a new job.
 */
final class NewShareSession {
    private final NodeContext node;
    private final DataKeySource dataKeys;
    private final ShareSink shares;
    private final PeerAttestations attestations;

    NewShareSession(NodeContext node, DataKeySource dataKeys, ShareSink shares) {
        this.node = node;
        this.dataKeys = dataKeys;
        this.shares = shares;
        this.attestations = new PeerAttestations(node);
    }

    /**
     * Runs the session {@code start} describes (protocol, wallet, threshold, share count, self
     * index, parties, request id, share version) with {@code roster}; returns the job result:
     * {@code onSealed} of the stored share, or a failure.
     */
    JobResult run(String jobId, SessionStart.Builder start, ShareRoster roster, String kmsKeyId,
                  Function<SessionOutcome.Sealed, JobResult> onSealed) throws InterruptedException {
        String self = node.selfNodeId();
        Map<Integer, String> nodeByParty = new TreeMap<>();
        for (int i = 0; i < roster.nodeIds().size(); i++) {
            nodeByParty.put(i + 1, roster.nodeIds().get(i));
        }
        try {
            for (var party : nodeByParty.entrySet()) {
                if (!party.getValue().equals(self)) {
                    start.addRoster(Peer.newBuilder().setPartyIndex(party.getKey()).setNodeId(party.getValue())
                            .setAttestationDocument(ByteString.copyFrom(attestations.of(party.getValue(), jobId))));
                }
            }
            DataKeyForEnclave dataKey = dataKeys.dataKeyFor(kmsKeyId, start.getWalletId(), self, node.attest());
            start.setDataKeyForRecipient(ByteString.copyFrom(dataKey.ciphertextForRecipient()))
                    .setWrappedDataKey(ByteString.copyFrom(dataKey.ciphertextBlob()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return JobResults.failed(jobId, 1, self, FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE,
                    e.getClass().getSimpleName(), "", false);
        }
        SessionPlan plan = SessionPlan.of(self, start.build(), nodeByParty);
        return switch (node.run(plan)) {
            case SessionOutcome.Sealed sealed -> {
                try {
                    shares.store(sealed.share(), kmsKeyId, roster);
                } catch (Exception e) { // a share not kept is not reported
                    yield JobResults.failed(jobId, 1, self, FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE,
                            "storing the share failed: " + e.getClass().getSimpleName(), "", false);
                }
                node.staged().put(new WalletHolding(start.getWalletId(), sealed.share().getShareVersion(),
                        roster.threshold(), roster.partyOf(self), nodeByParty),
                        sealed.share().getPublicKey().toByteArray());
                yield onSealed.apply(sealed);
            }
            case SessionOutcome.Failed failed -> JobResults.failed(jobId, 1, self, failed.failure(), false);
            case SessionOutcome.Signed signed -> throw new IllegalStateException("a DKG or refresh produced a signature");
        };
    }
}

package io.custody.signer.nats;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.enclave.v1.Peer;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SessionAcceptance;
import io.custody.proto.mpc.v1.SessionProposal;
import io.custody.signer.kms.DataKeyForEnclave;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.session.SessionOutcome;
import io.custody.signer.session.SessionPlan;
import io.custody.signer.session.WalletHolding;
import io.custody.signer.store.ShareRoster;
import io.custody.signer.store.ShareSink;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * This node's copy of a DKG job (one per node on {@code custody.jobs.<node>.dkg}, consumer {@code node-<node>}): party i is
 * {@code node_ids[i−1]}; it gets every other node's current attestation document (an
 * attestation query on their control subjects), a data key for its own enclave from the
 * {@link DataKeySource}, runs the four steps, hands the sealed share to the {@link ShareSink}
 * and reports public key and final broadcast digest. The control plane accepts the wallet only
 * if all n agree. The request id is {@code job_id + "/1"}: a redelivered DKG is refused by the
 * enclaves (ids are used once) and fails; the control plane starts a new job.
 */
final class DkgRunner {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ROSTER_BUDGET = Duration.ofSeconds(20);
    private static final int SHARE_VERSION = 1;

    private final NodeContext node;
    private final DataKeySource dataKeys;
    private final ShareSink shares;

    DkgRunner(NodeContext node, DataKeySource dataKeys, ShareSink shares) {
        this.node = node;
        this.dataKeys = dataKeys;
        this.shares = shares;
    }

    void handle(Message message) throws Exception {
        Optional<Job> parsed = JobMessages.parseOrTerminate(message);
        if (parsed.isEmpty()) {
            return;
        }
        Job job = parsed.get();
        DkgJob dkg = job.getDkg();
        List<String> nodes = dkg.getNodeIdsList();
        int self = nodes.indexOf(node.selfNodeId()) + 1;
        if (!job.hasDkg() || self == 0 || dkg.getThreshold() < 2 || dkg.getThreshold() > nodes.size()) {
            finish(message, JobResults.failed(job.getJobId(), 1, node.selfNodeId(), FailureCode.FAILURE_CODE_INVALID_JOB,
                    "not a DKG job with this node among its parties", "", false));
            return;
        }
        Map<Integer, String> nodeByParty = new TreeMap<>();
        IntStream.range(0, nodes.size()).forEach(i -> nodeByParty.put(i + 1, nodes.get(i)));
        SessionStart.Builder start = SessionStart.newBuilder().setProtocol(Protocol.PROTOCOL_DKG)
                .setWalletId(dkg.getWalletId()).setThreshold(dkg.getThreshold()).setShareCount(nodes.size())
                .setSelfIndex(self).addAllParties(nodeByParty.keySet()).setRequestId(job.getJobId() + "/1")
                .setDeadlineUnixMillis(job.getDeadlineUnixMillis()).setShareVersion(SHARE_VERSION)
                .setNodeId(node.selfNodeId());
        DataKeyForEnclave dataKey;
        try {
            for (var party : nodeByParty.entrySet()) {
                if (party.getKey() != self) {
                    start.addRoster(Peer.newBuilder().setPartyIndex(party.getKey())
                            .setAttestationDocument(ByteString.copyFrom(attestationOf(party.getValue(), job.getJobId()))));
                }
            }
            dataKey = dataKeys.dataKeyFor(dkg.getKmsKeyId(), dkg.getWalletId(), node.selfNodeId(), node.attest());
        } catch (Exception e) {
            finish(message, JobResults.failed(job.getJobId(), 1, node.selfNodeId(),
                    FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE, e.getClass().getSimpleName(), "", false));
            return;
        }
        start.setDataKeyForRecipient(ByteString.copyFrom(dataKey.ciphertextForRecipient()))
                .setWrappedDataKey(ByteString.copyFrom(dataKey.ciphertextBlob()));
        SessionPlan plan = SessionPlan.of(node.selfNodeId(), start.build(), nodeByParty);
        JobResult result = switch (node.run(plan)) {
            case SessionOutcome.Sealed sealed -> {
                try {
                    shares.store(sealed.share(), dkg.getKmsKeyId(), new ShareRoster(dkg.getThreshold(), nodes));
                } catch (Exception e) { // a share not kept is not reported
                    yield JobResults.failed(job.getJobId(), 1, node.selfNodeId(),
                            FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE, "storing the share failed: "
                                    + e.getClass().getSimpleName(), "", false);
                }
                node.holdings().put(new WalletHolding(dkg.getWalletId(), sealed.share().getShareVersion(),
                        dkg.getThreshold(), self, nodeByParty));
                yield JobResults.dkg(job.getJobId(), 1, node.selfNodeId(), sealed);
            }
            case SessionOutcome.Failed failed -> JobResults.failed(job.getJobId(), 1, node.selfNodeId(),
                    failed.failure(), false);
            case SessionOutcome.Signed signed -> throw new IllegalStateException("a DKG produced a signature");
        };
        finish(message, result);
    }

    /** The peer's current attestation document, asking again until it answers (it may start later). */
    private byte[] attestationOf(String peer, String jobId) throws Exception {
        byte[] query = SessionProposal.newBuilder().setJobId(jobId).setCoordinatorNodeId(node.selfNodeId()).build()
                .toByteArray();
        Instant until = Instant.now().plus(ROSTER_BUDGET);
        while (true) {
            Headers headers = TraceContext.headers().put(Subjects.MESSAGE_TYPE_HEADER, Subjects.ATTESTATION_QUERY);
            try {
                Message reply = node.connection().requestWithTimeout(Subjects.control(peer), headers, query,
                        node.timeouts().proposal()).get();
                SessionAcceptance answer = SessionAcceptance.parseFrom(reply.getData());
                if (answer.getNodeId().equals(peer) && !answer.getAttestationDocument().isEmpty()) {
                    return answer.getAttestationDocument().toByteArray();
                }
            } catch (java.util.concurrent.ExecutionException | InvalidProtocolBufferException notYet) {
                // asked again below
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("no attestation from " + peer);
            }
            Thread.sleep(200);
        }
    }

    private void finish(Message job, JobResult result) throws Exception {
        node.results().publish(result);
        job.ackSync(ACK_TIMEOUT);
    }
}

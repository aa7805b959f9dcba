package io.custody.signer.nats;

import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.store.ShareRoster;
import io.custody.signer.store.ShareSink;
import io.nats.client.Message;
import java.util.List;
import java.util.stream.IntStream;

/**
 * This node's copy of a DKG job (one per node on {@code custody.jobs.<node>.dkg}, consumer
 * {@code node-<node>}): party i is {@code node_ids[i−1]}; a {@link NewShareSession} of all n makes
 * share version 1 (bound by the enclave to the job's governance), stored pending, and the node
 * reports public key, chain code and final broadcast digest. The
 * control plane accepts the wallet only if all n agree, and then activates the version
 * ({@link ShareActivator}). The request id is {@code job_id + "/1"}: a redelivered DKG is refused
 * by the enclaves (ids are used once) and fails; the control plane starts a new job.
 */
final class DkgRunner {
    private static final int SHARE_VERSION = 1;

    private final NodeContext node;
    private final NewShareSession session;

    DkgRunner(NodeContext node, DataKeySource dataKeys, ShareSink shares) {
        this.node = node;
        this.session = new NewShareSession(node, dataKeys, shares);
    }

    void handle(Message message, Job job) throws Exception {
        DkgJob dkg = job.getDkg();
        List<String> nodes = dkg.getNodeIdsList();
        int self = nodes.indexOf(node.selfNodeId()) + 1;
        ShareRoster roster;
        try {
            roster = new ShareRoster(dkg.getThreshold(), nodes);
        } catch (IllegalArgumentException e) {
            roster = null;
        }
        if (!job.hasDkg() || self == 0 || roster == null) {
            JobMessages.finish(node, message, JobResults.failed(job.getJobId(), 1, node.selfNodeId(),
                    FailureCode.FAILURE_CODE_INVALID_JOB, "not a DKG job with this node among its parties", "", false));
            return;
        }
        SessionStart.Builder start = SessionStart.newBuilder().setProtocol(Protocol.PROTOCOL_DKG)
                .setWalletId(dkg.getWalletId()).setThreshold(dkg.getThreshold()).setShareCount(nodes.size())
                .setSelfIndex(self).addAllParties(IntStream.rangeClosed(1, nodes.size()).boxed().toList())
                .setRequestId(job.getJobId() + "/1").setDeadlineUnixMillis(job.getDeadlineUnixMillis())
                .setShareVersion(SHARE_VERSION).setNodeId(node.selfNodeId());
        if (dkg.hasGovernance()) { // bound by every enclave into its share; unset = ungoverned (tests)
            start.setGovernance(dkg.getGovernance());
        }
        JobMessages.finish(node, message, session.run(job.getJobId(), start, roster, dkg.getKmsKeyId(),
                sealed -> JobResults.dkg(job.getJobId(), 1, node.selfNodeId(), sealed)));
    }
}

package io.custody.signer.nats;

import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.RefreshJob;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.session.WalletHolding;
import io.custody.signer.store.ShareRoster;
import io.custody.signer.store.ShareSink;
import io.nats.client.Message;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * This node's copy of a refresh job ({@code custody.jobs.<node>.refresh}): all n holders of the
 * active version run a {@link NewShareSession} that replaces every share and keeps the public
 * key; the new version (old + 1) is stored pending and reported with its final broadcast digest.
 * Signing goes on with the old version meanwhile; the control plane activates the new one
 * ({@link ShareActivator}) once all n agree, which retires the old one. The roster must be the
 * wallet's, in party order: a refresh changes shares, not holders.
 */
final class RefreshRunner {
    private final NodeContext node;
    private final NewShareSession session;

    RefreshRunner(NodeContext node, DataKeySource dataKeys, ShareSink shares) {
        this.node = node;
        this.session = new NewShareSession(node, dataKeys, shares);
    }

    void handle(Message message, Job job) throws Exception {
        RefreshJob refresh = job.getRefresh();
        Optional<WalletHolding> holding = node.holdings().get(refresh.getWalletId());
        Optional<String> refused = !job.hasRefresh() ? Optional.of("not a refresh job")
                : holding.isEmpty() ? Optional.of("this node holds no active share of wallet " + refresh.getWalletId())
                : refusal(refresh, holding.get());
        if (refused.isPresent()) {
            JobMessages.finish(node, message, JobResults.failed(job.getJobId(), 1, node.selfNodeId(),
                    FailureCode.FAILURE_CODE_INVALID_JOB, refused.get(), "", false));
            return;
        }
        WalletHolding current = holding.get();
        ShareRoster roster = new ShareRoster(current.threshold(), current.holders());
        SessionStart.Builder start = SessionStart.newBuilder().setProtocol(Protocol.PROTOCOL_REFRESH)
                .setWalletId(refresh.getWalletId()).setThreshold(current.threshold())
                .setShareCount(current.shareCount()).setSelfIndex(current.selfIndex())
                .addAllParties(IntStream.rangeClosed(1, current.shareCount()).boxed().toList())
                .setRequestId(job.getJobId() + "/1").setDeadlineUnixMillis(job.getDeadlineUnixMillis())
                .setShareVersion(current.shareVersion()).setNodeId(node.selfNodeId());
        JobMessages.finish(node, message, session.run(job.getJobId(), start, roster, refresh.getKmsKeyId(),
                sealed -> JobResults.refreshed(job.getJobId(), node.selfNodeId(), sealed)));
    }

    private static Optional<String> refusal(RefreshJob refresh, WalletHolding holding) {
        if (refresh.getShareVersion() != holding.shareVersion()) {
            return Optional.of("share version " + refresh.getShareVersion() + " is not the active one ("
                    + holding.shareVersion() + ")");
        }
        if (!refresh.getNodeIdsList().equals(holding.holders())) {
            return Optional.of("node_ids must be the wallet's holders in party order: "
                    + holding.holders());
        }
        if (refresh.getKmsKeyId().isBlank()) {
            return Optional.of("kms_key_id is required");
        }
        return Optional.empty();
    }
}

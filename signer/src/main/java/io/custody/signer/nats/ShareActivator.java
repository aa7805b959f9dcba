package io.custody.signer.nats;

import io.custody.proto.mpc.v1.ActivateJob;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.signer.session.StagedShares.Staged;
import io.custody.signer.session.WalletHolding;
import io.custody.signer.store.ShareSink;
import io.nats.client.Message;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Optional;

/**
 * An {@code ActivateJob} ({@code custody.jobs.<node>.activate}), sent by the control plane once
 * all n nodes reported the same public key and final broadcast digest for a new version: the
 * store makes it active and retires the version before it (one transaction), then this node signs
 * with it. Until then the new version signs nothing, so a DKG or refresh that failed anywhere
 * never mixes share versions. Activating the active version again reports success again (a
 * redelivered job).
 */
final class ShareActivator {
    private static final System.Logger LOG = System.getLogger(ShareActivator.class.getName());

    private final NodeContext node;
    private final ShareSink shares;

    ShareActivator(NodeContext node, ShareSink shares) {
        this.node = node;
        this.shares = shares;
    }

    void handle(Message message, Job job) throws Exception {
        ActivateJob activate = job.getActivate();
        String self = node.selfNodeId();
        Optional<WalletHolding> current = node.holdings().get(activate.getWalletId());
        if (job.hasActivate() && current.isPresent() && current.get().shareVersion() == activate.getShareVersion()) {
            JobMessages.finish(node, message, JobResults.activated(job.getJobId(), self, activate.getShareVersion(), 0));
            return;
        }
        Optional<Staged> staged = job.hasActivate()
                ? node.staged().get(activate.getWalletId(), activate.getShareVersion()) : Optional.empty();
        if (staged.isEmpty()) {
            JobMessages.finish(node, message, JobResults.failed(job.getJobId(), 1, self,
                    FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE, "share version " + activate.getShareVersion()
                            + " of wallet " + activate.getWalletId() + " is not pending at this node", "", false));
            return;
        }
        if (!Arrays.equals(staged.get().publicKey(), activate.getPublicKey().toByteArray())) {
            JobMessages.finish(node, message, JobResults.failed(job.getJobId(), 1, self,
                    FailureCode.FAILURE_CODE_INVALID_JOB, "the public key to activate is not this node's share's",
                    "", false));
            return;
        }
        try {
            shares.activate(activate.getWalletId(), activate.getShareVersion());
        } catch (Exception e) { // store errors carry no share material
            LOG.log(Level.WARNING, "activating version {0} of wallet {1} failed: {2}", activate.getShareVersion(),
                    activate.getWalletId(), e.getCause() == null ? e.toString() : e + " / " + e.getCause());
            JobMessages.finish(node, message, JobResults.failed(job.getJobId(), 1, self,
                    FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE, "activating failed: " + e.getClass().getSimpleName(),
                    "", false));
            return;
        }
        node.holdings().put(staged.get().holding());
        node.staged().remove(activate.getWalletId(), activate.getShareVersion());
        JobMessages.finish(node, message, JobResults.activated(job.getJobId(), self, activate.getShareVersion(),
                current.map(WalletHolding::shareVersion).orElse(0)));
    }
}

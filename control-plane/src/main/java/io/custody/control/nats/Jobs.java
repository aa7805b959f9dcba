package io.custody.control.nats;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredWallet;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.mpc.v1.ActivateJob;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.RefreshJob;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.proto.v1.WalletGovernance;

/** The custody.mpc.v1 jobs the control plane publishes, built from what the store holds. */
public final class Jobs {

    private Jobs() {}

    /** The keygen stage: a DkgJob (create) or RefreshJob (refresh) for all n nodes. */
    public static Job keygen(StoredOperation op, StoredWallet wallet) {
        Job.Builder job = Job.newBuilder().setJobId(JobIds.operationJob(op.operationId(), JobIds.KEYGEN))
                .setCreatedUnixMillis(op.createTime().toEpochMilli())
                .setDeadlineUnixMillis(op.deadline().toEpochMilli());
        if (op.kind() == StoredOperation.Kind.CREATE) {
            job.setDkg(DkgJob.newBuilder().setWalletId(wallet.walletId()).setThreshold(wallet.threshold())
                    .addAllNodeIds(wallet.nodeIds()).setKmsKeyId(wallet.kmsKeyId())
                    .setGovernance(governance(wallet)));
        } else {
            job.setRefresh(RefreshJob.newBuilder().setWalletId(wallet.walletId())
                    .setShareVersion(op.shareVersion() - 1).addAllNodeIds(wallet.nodeIds())
                    .setKmsKeyId(wallet.kmsKeyId()));
        }
        return job.build();
    }

    /** The activate stage: every node switches to the version all n agreed on. */
    public static Job activate(StoredOperation op, StoredWallet wallet) {
        return Job.newBuilder().setJobId(JobIds.operationJob(op.operationId(), JobIds.ACTIVATE))
                .setCreatedUnixMillis(op.updateTime().toEpochMilli())
                .setDeadlineUnixMillis(op.deadline().toEpochMilli())
                .setActivate(ActivateJob.newBuilder().setWalletId(wallet.walletId()).setShareVersion(op.shareVersion())
                        .setPublicKey(ByteString.copyFrom(op.publicKey())))
                .build();
    }

    /**
     * A pool sign job. {@code share_version} 0 = the version active at the nodes (a refresh may
     * activate a new one while the job waits). The derivation path is the client's: every enclave
     * reads it from the signed request, and refuses {@code derive}/{@code derivation_child} set by
     * a host for a governed wallet.
     */
    public static Job sign(StoredSigningRequest request) {
        SignJob.Builder sign = SignJob.newBuilder().setWalletId(request.walletId())
                .setMessageHash(ByteString.copyFrom(request.digest()))
                .setRequest(AuthorizedRequest.newBuilder().setMethod(request.method())
                        .setRequest(ByteString.copyFrom(request.requestBytes())));
        return Job.newBuilder().setJobId(request.requestId())
                .setCreatedUnixMillis(request.createTime().toEpochMilli())
                .setDeadlineUnixMillis(request.deadline().toEpochMilli())
                .setSign(sign)
                .build();
    }

    private static WalletGovernance governance(StoredWallet wallet) {
        try {
            return WalletGovernance.parseFrom(wallet.governance());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored governance of " + wallet.walletId() + " does not parse", e);
        }
    }
}

package io.custody.signer.nats;

import com.google.protobuf.ByteString;
import io.custody.proto.mpc.v1.ActivateResult;
import io.custody.proto.mpc.v1.DkgResult;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.JobFailure;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.RefreshResult;
import io.custody.proto.mpc.v1.SignResult;
import io.custody.signer.session.SessionFailure;
import io.custody.signer.session.SessionOutcome;
import io.custody.signer.session.SessionPlan;
import java.util.TreeMap;

/** Session outcomes to {@code custody.mpc.v1.JobResult}s. */
final class JobResults {
    private JobResults() {}

    static JobResult.Builder of(String jobId, int attempt, String nodeId) {
        return JobResult.newBuilder().setJobId(jobId).setAttempt(attempt).setNodeId(nodeId);
    }

    static JobResult signed(String jobId, int attempt, String nodeId, SessionOutcome.Signed signed,
                            SessionPlan plan) {
        return of(jobId, attempt, nodeId).setSign(SignResult.newBuilder()
                .setR(signed.signature().getR()).setS(signed.signature().getS())
                .setRecoveryId(signed.signature().getRecoveryId())
                .addAllQuorumNodeIds(new TreeMap<>(plan.nodeByParty()).values())
                .setShareVersion(plan.start().getShareVersion())
                .setFinalBroadcastDigest(ByteString.copyFrom(signed.finalBroadcastDigest()))).build();
    }

    static JobResult dkg(String jobId, int attempt, String nodeId, SessionOutcome.Sealed sealed) {
        return of(jobId, attempt, nodeId).setDkg(DkgResult.newBuilder()
                .setPublicKey(sealed.share().getPublicKey()).setShareVersion(sealed.share().getShareVersion())
                .setChainCode(sealed.share().getChainCode())
                .setFinalBroadcastDigest(ByteString.copyFrom(sealed.finalBroadcastDigest()))).build();
    }

    static JobResult refreshed(String jobId, String nodeId, SessionOutcome.Sealed sealed) {
        return of(jobId, 1, nodeId).setRefresh(RefreshResult.newBuilder()
                .setNewShareVersion(sealed.share().getShareVersion()).setPublicKey(sealed.share().getPublicKey())
                .setFinalBroadcastDigest(ByteString.copyFrom(sealed.finalBroadcastDigest()))).build();
    }

    static JobResult activated(String jobId, String nodeId, int version, int retired) {
        return of(jobId, 1, nodeId).setActivate(ActivateResult.newBuilder().setShareVersion(version)
                .setRetiredShareVersion(retired)).build();
    }

    static JobResult failed(String jobId, int attempt, String nodeId, SessionFailure failure, boolean retryable) {
        return failed(jobId, attempt, nodeId, codeOf(failure.kind()),
                "phase " + failure.phase() + ": " + failure.message(), failure.culpritNodeId(), retryable);
    }

    static JobResult failed(String jobId, int attempt, String nodeId, FailureCode code, String message,
                            String culprit, boolean retryable) {
        return of(jobId, attempt, nodeId).setFailure(JobFailure.newBuilder().setCode(code)
                .setMessage(message == null ? "" : message).setCulpritNodeId(culprit == null ? "" : culprit)
                .setRetryable(retryable)).build();
    }

    static FailureCode codeOf(SessionFailure.Kind kind) {
        return switch (kind) {
            case TIMEOUT -> FailureCode.FAILURE_CODE_TIMEOUT;
            case ABORTED -> FailureCode.FAILURE_CODE_ABORTED;
            case CHEATING -> FailureCode.FAILURE_CODE_CHEATING_PARTY;
            case ENCLAVE_UNAVAILABLE -> FailureCode.FAILURE_CODE_ENCLAVE_UNAVAILABLE;
            case UNAUTHORIZED -> FailureCode.FAILURE_CODE_UNAUTHORIZED;
        };
    }
}

package io.custody.control.wallet;

import io.custody.control.store.StoredOperation;
import io.custody.proto.mpc.v1.JobFailure;

/** How a node's failure report reads as an operation error (a google.rpc.Code number and a message). */
final class OperationFailures {

    static final int ABORTED = 10;
    static final int DEADLINE_EXCEEDED = 4;
    static final int PERMISSION_DENIED = 7;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;

    private OperationFailures() {}

    static StoredOperation.Error of(String node, JobFailure failure) {
        int code = switch (failure.getCode()) {
            case FAILURE_CODE_NO_QUORUM, FAILURE_CODE_ENCLAVE_UNAVAILABLE, FAILURE_CODE_SHARE_UNAVAILABLE -> UNAVAILABLE;
            case FAILURE_CODE_TIMEOUT -> DEADLINE_EXCEEDED;
            case FAILURE_CODE_UNAUTHORIZED -> PERMISSION_DENIED;
            case FAILURE_CODE_ABORTED, FAILURE_CODE_CHEATING_PARTY -> ABORTED;
            default -> INTERNAL;
        };
        String culprit = failure.getCulpritNodeId().isEmpty() ? "" : " (culprit: " + failure.getCulpritNodeId() + ")";
        return new StoredOperation.Error(code, "node " + node + " failed: " + failure.getCode() + culprit
                + (failure.getMessage().isEmpty() ? "" : ": " + failure.getMessage()), "");
    }

    static StoredOperation.Error disagreement(String what) {
        return new StoredOperation.Error(ABORTED, "the nodes did not agree on " + what + "; nothing was activated", "");
    }
}

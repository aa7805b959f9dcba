package io.custody.enclave.protocol;

import io.custody.enclave.mpc.CheatingPartyDetectedException;
import io.custody.enclave.mpc.MpcException;
import io.custody.enclave.mpc.SessionAbortedException;
import io.custody.enclave.mpc.SessionRefusedException;
import io.custody.enclave.mpc.SessionTimeoutException;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.ErrorResponse;
import io.custody.proto.enclave.v1.Response;

/** Turns the enclave's typed failures into error responses. Messages never carry secrets. */
final class ErrorResponses {
    private ErrorResponses() {}

    static Response of(ErrorCode code, String message) {
        return of(code, message, 0);
    }

    static Response of(ErrorCode code, String message, int culprit) {
        return Response.newBuilder()
                .setError(ErrorResponse.newBuilder().setCode(code).setMessage(message).setCulprit(culprit))
                .build();
    }

    static Response of(MpcException e) {
        int culprit = e.culprit().orElse(0);
        ErrorCode code = switch (e) {
            case SessionRefusedException refused when refused.isCapacity() -> ErrorCode.ERROR_CODE_UNAVAILABLE;
            case SessionRefusedException refused -> ErrorCode.ERROR_CODE_SESSION_REFUSED;
            case SessionAbortedException aborted -> ErrorCode.ERROR_CODE_SESSION_ABORTED;
            case CheatingPartyDetectedException cheat -> ErrorCode.ERROR_CODE_CHEATING_PARTY;
            case SessionTimeoutException timeout -> ErrorCode.ERROR_CODE_TIMEOUT;
        };
        return of(code, e.getMessage(), culprit);
    }
}

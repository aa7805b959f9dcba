package io.custody.signer.enclave;

import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.ErrorResponse;

/** The enclave answered a non-session call (attest, status) with an error, or with the wrong kind of response. */
public final class EnclaveErrorException extends Exception {
    private final ErrorCode code;

    public EnclaveErrorException(ErrorResponse error) {
        super(error == null ? "unexpected response kind" : error.getCode() + ": " + error.getMessage());
        this.code = error == null ? ErrorCode.ERROR_CODE_UNSPECIFIED : error.getCode();
    }

    public ErrorCode code() {
        return code;
    }
}

package io.custody.kmsemu;

import java.io.Serial;
import java.util.Objects;

/**
 * A request the emulator refuses, answered to the client as an AWS-shaped error. The message goes
 * to the client as is, so it never carries key material.
 */
public final class KmsEmulatorException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    private final KmsErrorCode code;

    public KmsEmulatorException(KmsErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public KmsEmulatorException(KmsErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public KmsErrorCode code() {
        return code;
    }
}

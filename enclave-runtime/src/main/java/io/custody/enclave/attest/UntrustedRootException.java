package io.custody.enclave.attest;

import java.io.Serial;

/** The first certificate of the CA bundle is not a root this policy pins. */
public final class UntrustedRootException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    UntrustedRootException(String message) {
        super(message);
    }

    UntrustedRootException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.enclave.attest;

import java.io.Serial;

/** The document does not carry the nonce the verifier expected. */
public final class NonceMismatchException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    NonceMismatchException(String message) {
        super(message);
    }

    NonceMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

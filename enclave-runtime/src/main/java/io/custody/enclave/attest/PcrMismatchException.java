package io.custody.enclave.attest;

import java.io.Serial;

/**
 * A PCR the policy pins is missing from the document or has a value not on its allow-list.
 */
public final class PcrMismatchException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    PcrMismatchException(String message) {
        super(message);
    }

    PcrMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

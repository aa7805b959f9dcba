package io.custody.enclave.attest;

import java.io.Serial;

/**
 * The document's timestamp is older than the policy allows, or too far in the future.
 */
public final class StaleDocumentException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    StaleDocumentException(String message) {
        super(message);
    }

    StaleDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.signer.kms;

import java.io.Serial;

/**
 * The key exists but cannot serve the request now: disabled, pending deletion or import, or of the
 * wrong usage.
 */
public final class KeyUnusableException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    KeyUnusableException(String message) {
        super(message);
    }

    KeyUnusableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.signer.kms;

import java.io.Serial;

/**
 * KMS could not be reached or answered with a transient failure (throttling, timeout, internal
 * error); retry later.
 */
public final class KeyServiceUnavailableException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    KeyServiceUnavailableException(String message) {
        super(message);
    }

    KeyServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

package io.custody.signer.kms;

import java.io.Serial;

/** The key id, ARN or alias does not exist in this account and region. */
public final class KeyNotFoundException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    KeyNotFoundException(String message) {
        super(message);
    }

    KeyNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.signer.store;

import java.io.Serial;

/** Anything else: the database is unreachable, a statement failed unexpectedly. */
public final class ShareStoreFailureException extends ShareStoreException {

    @Serial private static final long serialVersionUID = 1L;

    ShareStoreFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.signer.store;

import java.io.Serial;

/**
 * A share-store operation failed. Unchecked, because every caller is a job handler that fails
 * the job as a whole; sealed, so a handler can switch over every case. Messages name wallets,
 * nodes and versions, never share bytes.
 */
public abstract sealed class ShareStoreException extends RuntimeException
        permits ShareNotFoundException,
                ShareVersionConflictException,
                ShareStateException,
                ShareAccessDeniedException,
                ShareStoreFailureException {

    @Serial private static final long serialVersionUID = 1L;

    ShareStoreException(String message) {
        super(message);
    }

    ShareStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

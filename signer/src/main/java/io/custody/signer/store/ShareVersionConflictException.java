package io.custody.signer.store;

import java.io.Serial;

/**
 * The version already exists (versions are written once), or a concurrent activation won the
 * race for the single active slot.
 */
public final class ShareVersionConflictException extends ShareStoreException {

    @Serial private static final long serialVersionUID = 1L;

    ShareVersionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}

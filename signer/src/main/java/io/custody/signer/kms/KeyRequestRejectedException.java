package io.custody.signer.kms;

import java.io.Serial;

/**
 * KMS rejected the request for a reason without a more precise type here (validation, limits on
 * grants, and the like).
 */
public final class KeyRequestRejectedException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    KeyRequestRejectedException(String message) {
        super(message);
    }

    KeyRequestRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

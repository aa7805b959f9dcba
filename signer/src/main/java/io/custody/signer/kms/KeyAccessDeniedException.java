package io.custody.signer.kms;

import java.io.Serial;

/**
 * KMS refused the caller: the key policy did not allow it (wrong role, or an attestation whose
 * measurements the policy does not list), or the credentials were rejected.
 */
public final class KeyAccessDeniedException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    KeyAccessDeniedException(String message) {
        super(message);
    }

    KeyAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.signer.kms;

import java.io.Serial;

/**
 * A KMS call made on the enclave's behalf failed or was refused. Messages name the operation, the
 * key id and, when KMS gave one, its error code; they never contain key bytes, ciphertexts or
 * attestation documents.
 */
public abstract sealed class KeyServiceException extends Exception
        permits KeyAccessDeniedException,
                KeyNotFoundException,
                KeyUnusableException,
                BadCiphertextException,
                KeyServiceUnavailableException,
                KeyRequestRejectedException,
                RecipientIgnoredException,
                MalformedKeyResponseException {

    @Serial private static final long serialVersionUID = 1L;

    KeyServiceException(String message) {
        super(message);
    }

    KeyServiceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same request may succeed later without anyone changing policy or data. */
    public boolean retryable() {
        return false;
    }
}

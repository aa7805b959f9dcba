package io.custody.signer.kms;

import java.io.Serial;

/**
 * The ciphertext blob is corrupt, was made under another key, or its encryption context does not
 * match.
 */
public final class BadCiphertextException extends KeyServiceException {

    @Serial private static final long serialVersionUID = 1L;

    BadCiphertextException(String message) {
        super(message);
    }

    BadCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }
}

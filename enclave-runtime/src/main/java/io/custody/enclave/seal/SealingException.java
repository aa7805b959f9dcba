package io.custody.enclave.seal;

import java.io.Serial;
import java.security.GeneralSecurityException;

/**
 * A sealed share or a data key that does not open, or opens to something unacceptable. The
 * enclave answers every subtype with {@code ERROR_CODE_SEALING}. Messages describe only public
 * facts (lengths, format bytes, algorithm identifiers), never key or share bytes, and a failed
 * authentication never says which input was wrong.
 */
public abstract sealed class SealingException extends GeneralSecurityException
        permits ShareOpenException, ShareContentException, RecipientKeyException, ForeignShareException {

    @Serial private static final long serialVersionUID = 1L;

    SealingException(String message) {
        super(message);
    }
}

package io.custody.enclave.attest;

import java.io.Serial;
import java.security.GeneralSecurityException;

/**
 * Why a document was refused, or why none could be made. Each subtype names one failed check;
 * messages say which check failed and never carry key material.
 */
public abstract sealed class AttestationException extends GeneralSecurityException
        permits MalformedDocumentException,
                BadSignatureException,
                UntrustedRootException,
                ChainException,
                StaleDocumentException,
                NonceMismatchException,
                PcrMismatchException,
                AttestorFailedException {

    @Serial private static final long serialVersionUID = 1L;

    AttestationException(String message) {
        super(message);
    }

    AttestationException(String message, Throwable cause) {
        super(message, cause);
    }
}

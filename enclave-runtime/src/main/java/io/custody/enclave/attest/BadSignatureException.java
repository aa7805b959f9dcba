package io.custody.enclave.attest;

import java.io.Serial;

/** The COSE signature does not verify under the leaf certificate's P-384 key. */
public final class BadSignatureException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    BadSignatureException(String message) {
        super(message);
    }

    BadSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}

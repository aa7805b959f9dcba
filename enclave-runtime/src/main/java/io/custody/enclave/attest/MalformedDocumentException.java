package io.custody.enclave.attest;

import java.io.Serial;

/**
 * Not a COSE_Sign1 with alg ES384 around a well-formed Nitro attestation payload.
 */
public final class MalformedDocumentException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    MalformedDocumentException(String message) {
        super(message);
    }

    MalformedDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.enclave.attest;

import java.io.Serial;

/**
 * The pinned root does not lead to the leaf: a bad link, a wrong issuer, or a certificate not valid
 * at the document's time or now.
 */
public final class ChainException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    ChainException(String message) {
        super(message);
    }

    ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}

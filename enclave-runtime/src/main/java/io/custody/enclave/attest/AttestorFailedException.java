package io.custody.enclave.attest;

import java.io.Serial;

/**
 * The attestor could not produce a document: no NSM device, a failed ioctl, or an error code from
 * the NSM.
 */
public final class AttestorFailedException extends AttestationException {

    @Serial private static final long serialVersionUID = 1L;

    AttestorFailedException(String message) {
        super(message);
    }

    AttestorFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

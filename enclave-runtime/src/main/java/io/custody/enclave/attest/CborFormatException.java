package io.custody.enclave.attest;

import java.io.Serial;

/**
 * Bytes that are not the strict CBOR subset this package reads. Internal: callers turn it into a
 * {@link MalformedDocumentException} or an {@link AttestorFailedException}.
 */
final class CborFormatException extends Exception {

    @Serial private static final long serialVersionUID = 1L;

    CborFormatException(String message) {
        super(message);
    }
}

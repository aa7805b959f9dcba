package io.custody.signer.enclave;

/** The socket could not be opened, or the connection broke while the call was in flight. */
public final class EnclaveUnavailableException extends EnclaveCallException {
    public EnclaveUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

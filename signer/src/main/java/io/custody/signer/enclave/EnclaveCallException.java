package io.custody.signer.enclave;

/** A call to the enclave that got no answer. An answer that is an error is a {@code Response}, not this. */
public sealed class EnclaveCallException extends Exception
        permits EnclaveUnavailableException, EnclaveTimeoutException {
    EnclaveCallException(String message, Throwable cause) {
        super(message, cause);
    }
}

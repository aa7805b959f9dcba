package io.custody.signer.enclave;

import java.time.Duration;

/** No response within the call's timeout; a late response is dropped. */
public final class EnclaveTimeoutException extends EnclaveCallException {
    public EnclaveTimeoutException(Duration timeout) {
        super("no response from the enclave within " + timeout, null);
    }
}

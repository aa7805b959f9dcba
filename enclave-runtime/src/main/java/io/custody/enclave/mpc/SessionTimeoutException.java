package io.custody.enclave.mpc;

/** The session passed its deadline; its state is gone. */
public final class SessionTimeoutException extends MpcException {
    public SessionTimeoutException(String message) {
        super(message, 0);
    }
}

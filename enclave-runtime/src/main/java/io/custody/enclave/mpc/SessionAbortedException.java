package io.custody.enclave.mpc;

/** The session ended without a result: a protocol abort, a message that failed checks, equivocation. */
public final class SessionAbortedException extends MpcException {
    public SessionAbortedException(String message, int culprit) {
        super(message, culprit);
    }

    public SessionAbortedException(String message) {
        super(message, 0);
    }
}

package io.custody.enclave.mpc;

/** A session that never started: reused id, bad parameters, roster or share, or no capacity. */
public final class SessionRefusedException extends MpcException {
    private final boolean capacity;

    public SessionRefusedException(String message) {
        this(message, false);
    }

    private SessionRefusedException(String message, boolean capacity) {
        super(message, 0);
        this.capacity = capacity;
    }

    public static SessionRefusedException atCapacity(int cap) {
        return new SessionRefusedException("the enclave already runs " + cap + " sessions", true);
    }

    /** True when the refusal is only about load: the same request may be retried later. */
    public boolean isCapacity() {
        return capacity;
    }
}

package io.custody.enclave.mpc;

/**
 * The crate proved that a party cheated (e.g. a failed OT consistency check). The culprit must be
 * excluded until a complete refresh; the request is never silently retried with it.
 */
public final class CheatingPartyDetectedException extends MpcException {
    public CheatingPartyDetectedException(String message, int culprit) {
        super(message, culprit);
    }
}

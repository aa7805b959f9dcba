package io.custody.enclave.mpc;

import java.util.OptionalInt;

/**
 * Why a session was refused or ended without a result. Messages name parties and phases, never
 * key material. {@link #culprit()} names a party only when the evidence points at it; a relay
 * (the parent host) may always be the one at fault for messages that fail authentication.
 */
public abstract sealed class MpcException extends RuntimeException
        permits SessionRefusedException, SessionAbortedException, CheatingPartyDetectedException,
                SessionTimeoutException {
    private final int culprit;

    protected MpcException(String message, int culprit) {
        super(message);
        this.culprit = culprit;
    }

    public OptionalInt culprit() {
        return culprit == 0 ? OptionalInt.empty() : OptionalInt.of(culprit);
    }
}

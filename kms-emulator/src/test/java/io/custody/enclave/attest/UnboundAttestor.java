package io.custody.enclave.attest;

import java.time.Clock;

/** Test access to a dev attestor that reports no node identity (PCR16), as an unbound enclave would. */
public final class UnboundAttestor {
    private UnboundAttestor() {}

    public static DevAttestor of(Measurements measurements) {
        return new DevAttestor(DevRoot.instance(), measurements.asPcrs(), Clock.systemUTC());
    }
}

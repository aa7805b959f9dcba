package io.custody.enclave.attest;

import java.time.Clock;
import java.util.Map;

/** Attestors a hostile host could run: another root, or the dev root with another measurement. */
public final class RogueAttestors {
    private RogueAttestors() {}

    /** Nitro format and valid signatures, attesting {@code nodeId}, but chained to a root nobody pinned. */
    public static Attestor unknownRoot(Measurements measurements, String nodeId) {
        DevRoot rogue = DevRoot.fromSeed("someone else's attestation root", "CN=Rogue root");
        return new DevAttestor(rogue, DevAttestor.withNodeIdentity(measurements.asPcrs(), nodeId), Clock.systemUTC());
    }

    /** The real dev root and {@code nodeId}'s identity, but a PCR0 that is not this build's. */
    public static Attestor otherBuild(Measurements measurements, String nodeId) {
        byte[] otherPcr0 = measurements.pcr0();
        otherPcr0[0] ^= 1;
        return new DevAttestor(DevRoot.instance(), DevAttestor.withNodeIdentity(
                Map.of(0, otherPcr0, 1, measurements.pcr1(), 2, measurements.pcr2()), nodeId), Clock.systemUTC());
    }

    /** This build under the dev root, but no node identity at all (PCR16 absent). */
    public static Attestor withoutNodeIdentity(Measurements measurements) {
        return new DevAttestor(DevRoot.instance(), measurements.asPcrs(), Clock.systemUTC());
    }
}

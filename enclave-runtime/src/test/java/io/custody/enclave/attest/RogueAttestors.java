package io.custody.enclave.attest;

import java.time.Clock;
import java.util.Map;

/** Attestors a hostile host could run: another root, or the dev root with another measurement. */
public final class RogueAttestors {
    private RogueAttestors() {}

    /** Nitro format and valid signatures, but chained to a root nobody pinned. */
    public static Attestor unknownRoot(Measurements measurements) {
        DevRoot rogue = DevRoot.fromSeed("someone else's attestation root", "CN=Rogue root");
        return new DevAttestor(rogue, measurements.asPcrs(), Clock.systemUTC());
    }

    /** The real dev root, but a PCR0 that is not this build's. */
    public static Attestor otherBuild(Measurements measurements) {
        byte[] otherPcr0 = measurements.pcr0();
        otherPcr0[0] ^= 1;
        return new DevAttestor(DevRoot.instance(),
                Map.of(0, otherPcr0, 1, measurements.pcr1(), 2, measurements.pcr2()), Clock.systemUTC());
    }
}

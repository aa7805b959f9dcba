package io.custody.enclave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.enclave.attest.AttestationVerifier;
import io.custody.enclave.attest.AttestorFailedException;
import io.custody.enclave.attest.FakeNsm;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.PcrMismatchException;
import io.custody.enclave.attest.VerificationPolicy;
import io.custody.enclave.attest.VerifiedAttestation;
import io.custody.proto.enclave.ImageMeasurements;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both boot paths: Nitro (against the in-memory NSM) and dev (the jar's hash). */
class BootTest {
    private static final ImageMeasurements IMAGE =
            new ImageMeasurements("a1".repeat(48), "b1".repeat(48), "c1".repeat(48));
    private static final ImageMeasurements NEXT_IMAGE =
            new ImageMeasurements("a2".repeat(48), "b1".repeat(48), "c2".repeat(48));

    @Test
    void nitroTakesItsMeasurementsFromTheNsmAndPinsPeersToTheExpectedImages() throws Exception {
        FakeNsm nsm = new FakeNsm(IMAGE);
        Boot boot = Boot.nitro(nsm.attestor(), "s3", List.of(IMAGE, NEXT_IMAGE));
        assertArrayEquals(IMAGE.pcr(0), boot.own().pcr0());
        assertTrue(nsm.isLocked(NodeIdentityPcr.INDEX), "PCR16 is locked before the enclave serves");

        // A peer policy built from the boot pins PCR0, PCR1 and PCR2 of the expected images.
        AttestationVerifier peers = new AttestationVerifier(
                boot.peers().pinInto(VerificationPolicy.builder().enableInsecureDevMode()).build());
        VerifiedAttestation own = peers.verify(boot.attestor().attest(new byte[16], null, null), null);
        assertTrue(own.attestsNode("s3"));
        FakeNsm upgraded = new FakeNsm(NEXT_IMAGE);
        upgraded.attestor().bindNodeIdentity("s4");
        assertTrue(peers.verify(upgraded.attestor().attest(new byte[16], null, null), null).attestsNode("s4"));
        FakeNsm stranger = new FakeNsm(new ImageMeasurements("a1".repeat(48), "b1".repeat(48), "c9".repeat(48)));
        assertThrows(PcrMismatchException.class,
                () -> peers.verify(stranger.attestor().attest(new byte[16], null, null), null));
    }

    @Test
    void nitroRefusesToStartOnAnImageNotExpected() {
        FakeNsm nsm = new FakeNsm(NEXT_IMAGE);
        AttestorFailedException e = assertThrows(AttestorFailedException.class,
                () -> Boot.nitro(nsm.attestor(), "s3", List.of(IMAGE)));
        assertTrue(e.getMessage().contains("which no --expected-pcrs file lists"), e.getMessage());
        assertFalse(nsm.isLocked(NodeIdentityPcr.INDEX), "no identity is bound for an enclave that will not run");
        assertThrows(IllegalArgumentException.class, () -> Boot.nitro(nsm.attestor(), "s3", List.of()));
    }

    @Test
    void devPinsTheJarHashAndAttestsTheNode() throws Exception {
        Boot boot = Boot.dev("s5", List.of());
        Measurements jar = Measurements.ofThisEnclave();
        assertArrayEquals(jar.pcr0(), boot.own().pcr0());
        AttestationVerifier peers = new AttestationVerifier(
                boot.peers().pinInto(VerificationPolicy.builder().enableInsecureDevMode()).build());
        assertTrue(peers.verify(boot.attestor().attest(new byte[16], null, null), null).attestsNode("s5"));
        // A Nitro image's document does not pass a dev enclave's peer check (PCR0 is the jar's hash).
        FakeNsm nitro = new FakeNsm(IMAGE);
        assertThrows(PcrMismatchException.class,
                () -> peers.verify(nitro.attestor().attest(new byte[16], null, null), null));
    }
}

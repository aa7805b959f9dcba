package io.custody.enclave.attest;

import static io.custody.enclave.attest.TestDocuments.CLOCK;
import static io.custody.enclave.attest.TestDocuments.NOW;
import static io.custody.enclave.attest.TestDocuments.PCR0;
import static io.custody.enclave.attest.TestDocuments.PCR1;
import static io.custody.enclave.attest.TestDocuments.clockAt;
import static io.custody.enclave.attest.TestDocuments.devAttestor;
import static io.custody.enclave.attest.TestDocuments.devPolicy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttestationVerifierTest {

    private static final byte[] NONCE = "nonce-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER_DATA = "user-data: sign request 42".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUBLIC_KEY = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70};

    private final DevAttestor attestor = devAttestor();

    @Test
    void devDocumentVerifiesUnderDevPolicy() throws Exception {
        byte[] document = attestor.attest(NONCE, USER_DATA, PUBLIC_KEY);

        VerifiedAttestation verified = new AttestationVerifier(devPolicy().build()).verify(document, NONCE);

        assertEquals(DevAttestor.MODULE_ID, verified.moduleId());
        assertEquals(NOW, verified.timestamp());
        assertArrayEquals(PCR0, verified.pcr(0));
        assertArrayEquals(PCR1, verified.pcrs().get(1));
        assertArrayEquals(NONCE, verified.nonce());
        assertArrayEquals(USER_DATA, verified.userData());
        assertArrayEquals(PUBLIC_KEY, verified.publicKey());
        assertTrue(verified.certificate().getSubjectX500Principal().getName().contains(DevAttestor.MODULE_ID));
    }

    @Test
    void absentFieldsStayAbsentAndNonceCheckCanBeSkipped() throws Exception {
        VerifiedAttestation verified = new AttestationVerifier(devPolicy().build())
                .verify(attestor.attest(null, null, null), null);
        assertNull(verified.nonce());
        assertNull(verified.userData());
        assertNull(verified.publicKey());
    }

    @Test
    void realMeasurementsRoundTrip() throws Exception {
        Measurements measurements = Measurements.ofThisEnclave();
        byte[] document = DevAttestor.start(measurements, "s4").attest(NONCE, null, null);
        VerificationPolicy policy = VerificationPolicy.builder().enableInsecureDevMode()
                .allowPcr(0, measurements.pcr0()).allowPcr(1, measurements.pcr1()).build();
        VerifiedAttestation verified = new AttestationVerifier(policy).verify(document, NONCE);
        assertArrayEquals(measurements.pcr0(), verified.pcr(0));
        // The dev attestor reports PCR16 exactly as the NSM would after the node identity is bound.
        assertArrayEquals(io.custody.proto.enclave.NodeIdentityPcr.value("s4"), verified.nodeIdentityPcr());
        assertTrue(verified.attestsNode("s4"));
        assertFalse(verified.attestsNode("s5"));
    }

    @Test
    void devDocumentIsRefusedWhenDevModeIsOff() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        VerificationPolicy production = VerificationPolicy.production().allowPcr(0, PCR0).clock(CLOCK).build();
        assertThrows(UntrustedRootException.class, () -> new AttestationVerifier(production).verify(document, NONCE));
    }

    @Test
    void documentUnderAnUnknownRootIsRefusedEvenInDevMode() throws Exception {
        DevRoot stranger = DevRoot.fromSeed("custody dev attestation root v1 (impostor)",
                "CN=Custody DEV attestation root \u2014 NOT FOR PRODUCTION,O=Custody");
        byte[] document = new DevAttestor(stranger, TestDocuments.PCRS, CLOCK).attest(NONCE, null, null);

        AttestationVerifier devVerifier = new AttestationVerifier(devPolicy().build());
        assertThrows(UntrustedRootException.class, () -> devVerifier.verify(document, NONCE));

        VerificationPolicy pinned = VerificationPolicy.builder().trustRoot(stranger.sha256Fingerprint())
                .allowPcr(0, PCR0).clock(CLOCK).build();
        new AttestationVerifier(pinned).verify(document, NONCE); // pinning that root accepts it
    }

    @Test
    void leafFromAnotherRootSplicedUnderTheDevRootBreaksTheChain() throws Exception {
        DevRoot stranger = DevRoot.fromSeed("another seed", "CN=Stranger");
        byte[] original = new DevAttestor(stranger, TestDocuments.PCRS, CLOCK).attest(NONCE, null, null);
        CoseSign1 cose = CoseSign1.decode(original);
        AttestationDocument payload = AttestationDocument.decode(cose.payload());
        AttestationDocument spliced = new AttestationDocument(payload.moduleId(), payload.timestampMillis(),
                payload.pcrs(), payload.certificate(), java.util.List.of(DevRoot.instance().certificateDer()),
                null, null, payload.nonce());
        byte[] forged = CoseSign1.es384(spliced.encode(), cose.signature()).encode();

        AttestationVerifier verifier = new AttestationVerifier(devPolicy().build());
        assertThrows(ChainException.class, () -> verifier.verify(forged, NONCE));
    }

    @Test
    void wrongPcr0IsRefused() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        VerificationPolicy policy = VerificationPolicy.builder().enableInsecureDevMode()
                .allowPcr(0, TestDocuments.filled(0x99)).clock(CLOCK).build();
        assertThrows(PcrMismatchException.class, () -> new AttestationVerifier(policy).verify(document, NONCE));
    }

    @Test
    void anyAllowedValueOfAPcrIsAccepted() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        VerificationPolicy policy = devPolicy().allowPcr(0, TestDocuments.filled(0x99)).build();
        new AttestationVerifier(policy).verify(document, NONCE);
    }

    @Test
    void pinnedPcrMissingFromTheDocumentIsRefused() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        VerificationPolicy policy = devPolicy().allowPcr(8, TestDocuments.filled(0x08)).build();
        assertThrows(PcrMismatchException.class, () -> new AttestationVerifier(policy).verify(document, NONCE));
    }

    @Test
    void nonceMismatchIsRefused() throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(devPolicy().build());
        byte[] withNonce = attestor.attest(NONCE, null, null);
        byte[] otherNonce = "nonce-0123456788".getBytes(StandardCharsets.US_ASCII);
        assertThrows(NonceMismatchException.class, () -> verifier.verify(withNonce, otherNonce));
        byte[] withoutNonce = attestor.attest(null, null, null);
        assertThrows(NonceMismatchException.class, () -> verifier.verify(withoutNonce, NONCE));
    }

    @Test
    void staleOrFutureDocumentIsRefused() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        AttestationVerifier later = new AttestationVerifier(
                devPolicy().clock(clockAt(Duration.ofMinutes(6))).build());
        assertThrows(StaleDocumentException.class, () -> later.verify(document, NONCE));
        AttestationVerifier earlier = new AttestationVerifier(
                devPolicy().clock(clockAt(Duration.ofMinutes(-1))).build());
        assertThrows(StaleDocumentException.class, () -> earlier.verify(document, NONCE));
        AttestationVerifier withinAge = new AttestationVerifier(
                devPolicy().clock(clockAt(Duration.ofMinutes(4))).build());
        withinAge.verify(document, NONCE);
    }

    @Test
    void leafExpiredNowBreaksTheChain() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        AttestationVerifier dayAfter = new AttestationVerifier(devPolicy()
                .clock(clockAt(Duration.ofHours(25))).maxAge(Duration.ofDays(2)).build());
        assertThrows(ChainException.class, () -> dayAfter.verify(document, NONCE));
    }

    @Test
    void bitFlipInPayloadBreaksTheSignature() throws Exception {
        byte[] document = attestor.attest(NONCE, USER_DATA, null);
        int at = TestDocuments.indexOf(document, USER_DATA);
        byte[] tampered = document.clone();
        tampered[at + 3] ^= 0x01;
        AttestationVerifier verifier = new AttestationVerifier(devPolicy().build());
        assertThrows(BadSignatureException.class, () -> verifier.verify(tampered, NONCE));
    }

    @Test
    void bitFlipInSignatureIsRefused() throws Exception {
        byte[] document = attestor.attest(NONCE, null, null);
        document[document.length - 1] ^= 0x01;
        AttestationVerifier verifier = new AttestationVerifier(devPolicy().build());
        assertThrows(BadSignatureException.class, () -> verifier.verify(document, NONCE));
    }

    @Test
    void garbageAndTruncatedDocumentsAreMalformed() throws Exception {
        AttestationVerifier verifier = new AttestationVerifier(devPolicy().build());
        byte[] document = attestor.attest(NONCE, null, null);
        assertThrows(MalformedDocumentException.class, () -> verifier.verify(new byte[0], null));
        assertThrows(MalformedDocumentException.class,
                () -> verifier.verify("not a document".getBytes(StandardCharsets.US_ASCII), null));
        assertThrows(MalformedDocumentException.class,
                () -> verifier.verify(Arrays.copyOf(document, document.length - 1), null));
        assertThrows(MalformedDocumentException.class,
                () -> verifier.verify(Arrays.copyOf(document, document.length / 2), null));
        assertThrows(MalformedDocumentException.class,
                () -> verifier.verify(new byte[AttestationVerifier.MAX_DOCUMENT_BYTES + 1], null));
    }

    @Test
    void taggedCoseSign1IsAccepted() throws Exception {
        byte[] untagged = attestor.attest(NONCE, null, null);
        byte[] tagged = new byte[untagged.length + 1];
        tagged[0] = (byte) 0xd2; // tag 18
        System.arraycopy(untagged, 0, tagged, 1, untagged.length);
        new AttestationVerifier(devPolicy().build()).verify(tagged, NONCE);
    }

    @Test
    void policyMustPinAPcrAndARoot() {
        assertThrows(IllegalArgumentException.class,
                () -> VerificationPolicy.builder().enableInsecureDevMode().build());
        assertThrows(IllegalArgumentException.class,
                () -> VerificationPolicy.builder().allowPcr(0, PCR0).build());
        assertThrows(IllegalArgumentException.class,
                () -> VerificationPolicy.production().allowPcr(0, new byte[32]).build());
        assertThrows(IllegalArgumentException.class,
                () -> VerificationPolicy.production().allowPcr(32, PCR0).build());
    }

    @Test
    void productionPinsTheAwsNitroRootG1() {
        VerificationPolicy policy = VerificationPolicy.production().allowPcr(0, PCR0).build();
        assertEquals(java.util.Set.of("641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b"),
                policy.trustedRootSha256());
        assertEquals(false, policy.devModeEnabled());
    }
}

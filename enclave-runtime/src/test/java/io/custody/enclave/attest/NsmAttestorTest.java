package io.custody.enclave.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.enclave.ImageMeasurements;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything about the NSM path that can be checked without a Nitro Enclave. */
class NsmAttestorTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ioctlNumberIsIowr0x0A0OfA32ByteMessage() {
        assertEquals(32, NsmDevice.NSM_MESSAGE.byteSize());
        assertEquals(0, NsmDevice.NSM_MESSAGE.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("request")));
        assertEquals(16, NsmDevice.NSM_MESSAGE.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("response")));
        assertEquals(0xC0200A00L, NsmDevice.NSM_IOCTL_RAW);
        // the formula against a well-known Linux number: USBDEVFS_CONTROL = _IOWR('U', 0, 24 bytes)
        assertEquals(0xC0185500L, NsmDevice.ioctlReadWrite('U', 0, 24));
    }

    @Test
    void requestIsTheSerdeAttestationVariant() {
        byte[] request = NsmProtocol.attestationRequest(
                new AttestationRequest(new byte[] {1}, null, new byte[] {2, 3}));
        String expected = "a1" + text("Attestation")
                + "a3" + text("nonce") + "4101" + text("user_data") + "f6" + text("public_key") + "420203";
        assertEquals(expected, HEX.formatHex(request));
    }

    @Test
    void responseDocumentIsExtracted() throws Exception {
        byte[] response = CborEncoder.encode(Map.of("Attestation", Map.of("document", new byte[] {9, 8, 7})));
        assertArrayEquals(new byte[] {9, 8, 7}, NsmProtocol.attestationDocument(response));
    }

    @Test
    void responseErrorIsReportedByName() {
        byte[] response = CborEncoder.encode(Map.of("Error", "InputTooLarge"));
        AttestorFailedException e = assertThrows(AttestorFailedException.class,
                () -> NsmProtocol.attestationDocument(response));
        assertTrue(e.getMessage().contains("InputTooLarge"));
    }

    @Test
    void garbageResponseIsRefused() {
        assertThrows(AttestorFailedException.class, () -> NsmProtocol.attestationDocument(new byte[] {(byte) 0xff}));
        assertThrows(AttestorFailedException.class,
                () -> NsmProtocol.attestationDocument(CborEncoder.encode(Map.of("GetRandom", Map.of()))));
    }

    @Test
    void missingDeviceGivesAClearException(@TempDir Path directory) {
        Path missing = directory.resolve("nsm");
        AttestorFailedException e = assertThrows(AttestorFailedException.class, () -> NsmAttestor.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("errno 2"), e.getMessage());
        assertTrue(e.getMessage().contains("Nitro Enclave"), e.getMessage());
    }

    @Test
    void defaultDeviceIsAbsentHere() {
        if (!Files.exists(NsmDevice.DEFAULT_PATH)) {
            assertThrows(AttestorFailedException.class, NsmAttestor::open);
        }
    }

    @Test
    void ioctlOnANonNsmDeviceFailsWithErrno() throws Exception {
        try (NsmAttestor attestor = NsmAttestor.open(Path.of("/dev/null"))) {
            AttestorFailedException e = assertThrows(AttestorFailedException.class,
                    () -> attestor.attest(new byte[] {1}, null, null));
            assertTrue(e.getMessage().contains("ioctl"), e.getMessage());
            assertTrue(e.getMessage().contains("errno 25"), e.getMessage()); // ENOTTY
        }
    }

    @Test
    void pcrRequestsAreTheSerdeVariants() {
        assertEquals("a1" + text("DescribePCR") + "a1" + text("index") + "10",
                HEX.formatHex(NsmProtocol.describePcrRequest(16)));
        assertEquals("a1" + text("LockPCR") + "a1" + text("index") + "10", HEX.formatHex(NsmProtocol.lockPcrRequest(16)));
        assertEquals("a1" + text("ExtendPCR") + "a2" + text("data") + "420102" + text("index") + "10",
                HEX.formatHex(NsmProtocol.extendPcrRequest(16, new byte[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> NsmProtocol.lockPcrRequest(-1));
    }

    @Test
    void lockResponseIsTheUnitVariantAndErrorsAreNamed() throws Exception {
        NsmProtocol.lockedPcr(CborEncoder.encode("LockPCR"));
        AttestorFailedException e = assertThrows(AttestorFailedException.class,
                () -> NsmProtocol.extendedPcr(CborEncoder.encode(Map.of("Error", "ReadOnlyIndex"))));
        assertTrue(e.getMessage().contains("ReadOnlyIndex"), e.getMessage());
        assertThrows(AttestorFailedException.class, () -> NsmProtocol.lockedPcr(CborEncoder.encode("LockPCRs")));
        assertThrows(AttestorFailedException.class,
                () -> NsmProtocol.describedPcr(CborEncoder.encode(Map.of("DescribePCR", Map.of("lock", true)))));
    }

    @Test
    void bindingTheNodeIdentityExtendsAndLocksPcr16AndEveryDocumentCarriesIt() throws Exception {
        FakeNsm nsm = new FakeNsm(IMAGE);
        NsmAttestor attestor = nsm.attestor();
        attestor.bindNodeIdentity("s2");
        assertArrayEquals(NodeIdentityPcr.value("s2"), nsm.pcr(16));
        assertTrue(nsm.isLocked(16));
        assertEquals(List.of("DescribePCR", "ExtendPCR", "LockPCR", "DescribePCR"), nsm.requests());

        byte[] document = attestor.attest(new byte[16], null, null);
        VerifiedAttestation verified = new AttestationVerifier(VerificationPolicy.builder().enableInsecureDevMode()
                .allowPcr(0, IMAGE.pcr(0)).build()).verify(document, new byte[16]);
        assertTrue(verified.attestsNode("s2"));
        assertFalse(verified.attestsNode("s3"));
        assertArrayEquals(NodeIdentityPcr.value("s2"), verified.nodeIdentityPcr());
    }

    @Test
    void bindingIsIdempotentForTheSameNodeOnly() throws Exception {
        FakeNsm nsm = new FakeNsm(IMAGE);
        nsm.attestor().bindNodeIdentity("s2");
        nsm.attestor().bindNodeIdentity("s2"); // a restarted process in the same enclave
        AttestorFailedException other = assertThrows(AttestorFailedException.class,
                () -> nsm.attestor().bindNodeIdentity("s3"));
        assertTrue(other.getMessage().contains("already locked"), other.getMessage());
        assertArrayEquals(NodeIdentityPcr.value("s2"), nsm.pcr(16));
    }

    @Test
    void aPcr16SomethingElseExtendedIsRefused() {
        FakeNsm nsm = new FakeNsm(IMAGE);
        nsm.extend(16, NodeIdentityPcr.extension("s3"));
        AttestorFailedException e = assertThrows(AttestorFailedException.class,
                () -> nsm.attestor().bindNodeIdentity("s3"));
        assertTrue(e.getMessage().contains("not zero"), e.getMessage());
        assertFalse(nsm.isLocked(16));
    }

    @Test
    void theRunningImageMustBeAnExpectedOne() throws Exception {
        FakeNsm nsm = new FakeNsm(IMAGE);
        assertEquals(IMAGE, nsm.attestor().imageMeasurements());
        assertEquals(IMAGE, nsm.attestor().requireImageAmong(List.of(OTHER_IMAGE, IMAGE)));
        AttestorFailedException e = assertThrows(AttestorFailedException.class,
                () -> nsm.attestor().requireImageAmong(List.of(OTHER_IMAGE)));
        assertTrue(e.getMessage().contains(IMAGE.pcr0Hex()), e.getMessage());
    }

    static final ImageMeasurements IMAGE = new ImageMeasurements("a1".repeat(48), "b1".repeat(48), "c1".repeat(48));
    static final ImageMeasurements OTHER_IMAGE = new ImageMeasurements("a2".repeat(48), "b1".repeat(48),
            "c2".repeat(48));

    private static String text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return HEX.formatHex(new byte[] {(byte) (0x60 | utf8.length)}) + HEX.formatHex(utf8);
    }
}

package io.custody.enclave.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DevRootTest {

    @Test
    void derIsByteIdenticalAcrossDerivations() {
        byte[] first = DevRoot.fromSeed(DevRoot.SEED, DevRoot.SUBJECT).certificateDer();
        byte[] second = DevRoot.fromSeed(DevRoot.SEED, DevRoot.SUBJECT).certificateDer();
        assertArrayEquals(first, second);
        assertArrayEquals(first, DevRoot.instance().certificateDer());
    }

    @Test
    void isASelfSignedP384CaMarkedNotForProduction() throws Exception {
        var certificate = DevRoot.instance().certificate();
        certificate.verify(certificate.getPublicKey());
        assertEquals(BigInteger.ONE, certificate.getSerialNumber());
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), certificate.getNotBefore().toInstant());
        assertEquals(Instant.parse("2045-01-01T00:00:00Z"), certificate.getNotAfter().toInstant());
        assertTrue(certificate.getSubjectX500Principal().getName().contains("NOT FOR PRODUCTION"));
        assertTrue(certificate.getBasicConstraints() >= 0, "root must be a CA");
        assertEquals("SHA384withECDSA", certificate.getSigAlgName());
    }

    @Test
    void anotherSeedGivesAnotherRoot() {
        DevRoot other = DevRoot.fromSeed("some other seed", "CN=Other root");
        assertNotEquals(DevRoot.instance().sha256Fingerprint(), other.sha256Fingerprint());
    }

    @Test
    void toStringShowsNoKey() {
        assertFalse(DevRoot.instance().toString().matches(".*[0-9a-f]{32,}.*"));
    }
}

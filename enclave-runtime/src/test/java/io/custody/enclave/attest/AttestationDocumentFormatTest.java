package io.custody.enclave.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bytes a DevAttestor produces have exactly Nitro's layout and field names. */
class AttestationDocumentFormatTest {

    private final DevAttestor attestor = TestDocuments.devAttestor();

    @Test
    void documentDecodesWithNitroStructureAndFieldNames() throws Exception {
        byte[] document = attestor.attest(new byte[] {1, 2, 3}, null, null);
        assertEquals(0x84, document[0] & 0xff, "untagged COSE_Sign1 array of 4, like the NSM's");

        List<?> cose = (List<?>) CborDecoder.decode(document);
        assertEquals("a1013822", HexFormat.of().formatHex((byte[]) cose.get(0)), "{1: -35}");
        assertEquals(Map.of(), cose.get(1));
        assertEquals(96, ((byte[]) cose.get(3)).length);

        Map<?, ?> payload = (Map<?, ?>) CborDecoder.decode((byte[]) cose.get(2));
        assertEquals(Set.of("module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle",
                "public_key", "user_data", "nonce"), payload.keySet());
        assertEquals(DevAttestor.MODULE_ID, payload.get("module_id"));
        assertEquals("SHA384", payload.get("digest"));
        assertEquals(TestDocuments.NOW.toEpochMilli(), payload.get("timestamp"));
        Map<?, ?> pcrs = (Map<?, ?>) payload.get("pcrs");
        assertEquals(Set.of(0L, 1L, 2L), pcrs.keySet());
        assertArrayEquals(TestDocuments.PCR0, (byte[]) pcrs.get(0L));
        List<?> cabundle = (List<?>) payload.get("cabundle");
        assertEquals(1, cabundle.size());
        assertArrayEquals(DevRoot.instance().certificateDer(), (byte[]) cabundle.get(0));
        assertInstanceOf(byte[].class, payload.get("certificate"));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) payload.get("nonce"));
        assertTrue(payload.containsKey("user_data"));
        assertNull(payload.get("user_data"));
        assertNull(payload.get("public_key"));
    }

    @Test
    void payloadEncodingIsDeterministic() throws Exception {
        byte[] payload = CoseSign1.decode(attestor.attest(null, new byte[] {7}, null)).payload();
        assertArrayEquals(payload, AttestationDocument.decode(payload).encode());
    }

    @Test
    void enforcesNitroLimitsOnRequests() {
        attestor.attest(new byte[512], new byte[512], new byte[1024]);
        assertThrows(IllegalArgumentException.class, () -> attestor.attest(new byte[513], null, null));
        assertThrows(IllegalArgumentException.class, () -> attestor.attest(null, new byte[513], null));
        assertThrows(IllegalArgumentException.class, () -> attestor.attest(null, null, new byte[1025]));
        assertThrows(IllegalArgumentException.class, () -> attestor.attest(null, null, new byte[0]));
    }

    @Test
    void payloadWithUnknownFieldOrWrongDigestIsMalformed() throws Exception {
        byte[] payload = CoseSign1.decode(attestor.attest(null, null, null)).payload();
        @SuppressWarnings("unchecked")
        Map<Object, Object> fields = new java.util.LinkedHashMap<>((Map<Object, Object>) CborDecoder.decode(payload));
        fields.put("digest", "SHA256");
        assertThrows(MalformedDocumentException.class,
                () -> AttestationDocument.decode(CborEncoder.encode(fields)));
        fields.put("digest", "SHA384");
        fields.put("extra", 1);
        assertThrows(MalformedDocumentException.class,
                () -> AttestationDocument.decode(CborEncoder.encode(fields)));
    }

    @Test
    void coseWithAnotherAlgorithmIsMalformed() {
        byte[] es256Header = CborEncoder.encode(Map.of(1L, -7L));
        byte[] document = CborEncoder.encode(List.of(es256Header, Map.of(), new byte[] {0}, new byte[96]));
        MalformedDocumentException e = assertThrows(MalformedDocumentException.class,
                () -> CoseSign1.decode(document));
        assertTrue(e.getMessage().contains("ES384"));
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        assertFalse(attestor.toString().matches(".*[0-9a-f]{32,}.*"));
    }
}

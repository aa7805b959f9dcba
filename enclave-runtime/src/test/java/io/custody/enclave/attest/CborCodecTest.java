package io.custody.enclave.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CborCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesRfc8949AppendixAVectors() {
        assertEquals("00", hex(0));
        assertEquals("17", hex(23));
        assertEquals("1818", hex(24));
        assertEquals("1903e8", hex(1000));
        assertEquals("1a000f4240", hex(1000000));
        assertEquals("1b000000e8d4a51000", hex(1000000000000L));
        assertEquals("20", hex(-1));
        assertEquals("3863", hex(-100));
        assertEquals("6449455446", hex("IETF"));
        assertEquals("4401020304", hex(new byte[] {1, 2, 3, 4}));
        assertEquals("83010203", hex(List.of(1, 2, 3)));
        assertEquals("f6", hex(null));
        assertEquals("d24101", hex(new CborTagged(18, new byte[] {1})));
    }

    @Test
    void sortsMapKeysByTheirEncodedBytes() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("public_key", 1);
        map.put("nonce", 2);
        map.put(10, 3);
        map.put(-1, 4);
        // 0a (10) < 20 (-1) < 65 "nonce" < 6a "public_key"
        assertEquals("a40a03200465" + HEX.formatHex("nonce".getBytes()) + "02" + "6a"
                + HEX.formatHex("public_key".getBytes()) + "01", hex(map));
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", List.of(1L, -2L, "x", new byte[] {9}));
        map.put(1L, null);
        map.put(2L, Boolean.TRUE);
        Object decoded = CborDecoder.decode(CborEncoder.encode(map));
        Map<?, ?> back = (Map<?, ?>) decoded;
        List<?> list = (List<?>) back.get("a");
        assertEquals(List.of(1L, -2L, "x"), list.subList(0, 3));
        assertArrayEquals(new byte[] {9}, (byte[]) list.get(3));
        assertNull(back.get(1L));
        assertEquals(Boolean.TRUE, back.get(2L));
    }

    @Test
    void refusesMalformedInput() {
        assertRefused("");                   // nothing
        assertRefused("45010203");           // bstr of 5 with 3 bytes
        assertRefused("5f4101ff");           // indefinite-length bstr
        assertRefused("9f01ff");             // indefinite-length array
        assertRefused("0000");               // trailing byte
        assertRefused("a2616101616102");     // duplicate key "a"
        assertRefused("a1410101");           // bstr map key
        assertRefused("f93c00");             // half float
        assertRefused("f7");                 // undefined
        assertRefused("1c");                 // reserved additional info
        assertRefused("62c328");             // invalid UTF-8
        assertRefused("1bffffffffffffffff"); // beyond 2^63
        assertRefused("9affffffff");         // array longer than the input
        assertRefused("81".repeat(CborDecoder.MAX_DEPTH + 2) + "00"); // too deep
    }

    private static void assertRefused(String hex) {
        assertThrows(CborFormatException.class, () -> CborDecoder.decode(HEX.parseHex(hex)), hex);
    }

    private static String hex(Object value) {
        return HEX.formatHex(CborEncoder.encode(value));
    }
}

package io.custody.control.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnchorTest {
    private static final byte[] HASH = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            HASH[i] = (byte) i;
        }
    }

    @Test
    void roundTripsAsCanonicalJsonUnderAZeroPaddedKey() {
        Anchor anchor = new Anchor(42, HASH, Instant.parse("2026-12-04T10:00:00.123456Z"), "cp-1");
        String json = new String(anchor.toJson(), StandardCharsets.UTF_8);
        assertEquals("{\"control_plane_id\":\"cp-1\",\"format\":\"custody-audit-anchor-v1\",\"hash\":"
                + "\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\",\"sequence\":42,"
                + "\"time\":\"2026-12-04T10:00:00.123456Z\"}", json);
        Anchor back = Anchor.parse(anchor.toJson());
        assertEquals(anchor, back);
        assertArrayEquals(HASH, back.hash());
        assertEquals("audit-anchors/00000000000000000042.json", Anchor.key("audit-anchors/", 42));
    }

    @Test
    void parsingIsStrict() {
        String good = new String(new Anchor(7, HASH, Instant.EPOCH, "cp").toJson(), StandardCharsets.UTF_8);
        for (String bad : new String[] {
            "not json", "[]",
            good.replace("\"sequence\":7", "\"sequence\":\"7\""),
            good.replace("\"sequence\":7", "\"sequence\":7.5"),
            good.replace("\"sequence\":7", "\"sequence\":0"),
            good.replace("custody-audit-anchor-v1", "v2"),
            good.replace("000102", "00010"),
            good.replace("000102", "ABCDEF"),
            good.replace("1970-01-01T00:00:00Z", "yesterday"),
            good.replace("}", ",\"extra\":1}"),
            good.replace("\"control_plane_id\":\"cp\",", ""),
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Anchor.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertTrue(!e.getMessage().isEmpty());
        }
    }
}

package io.custody.enclave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final byte[] SID = Edit.filled(32, 1);

    private static Envelope envelope(byte[] sid, int sender, int recipient, long seq, byte[] sig, byte[] echo) {
        return new Envelope(sid, 1, 1, sender, recipient, seq, "payload-text".getBytes(StandardCharsets.UTF_8), sig, echo);
    }

    @Test
    void shapesAreValidated() {
        byte[] none = new byte[0];
        assertThrows(IllegalArgumentException.class, () -> envelope(none, 1, 2, 0, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(new byte[65], 1, 2, 0, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 0, 2, 0, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 256, 2, 0, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 1, 256, 0, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 1, -1, 0, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 1, 2, -1, none, none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 1, 0, 0, new byte[63], none));
        assertThrows(IllegalArgumentException.class, () -> envelope(SID, 1, 2, 0, none, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new Envelope(SID, -1, 1, 1, 2, 0, none, none, none));
        assertThrows(IllegalArgumentException.class, () -> new Envelope(SID, 1, -1, 1, 2, 0, none, none, none));
        assertThrows(NullPointerException.class, () -> new Envelope(SID, 1, 1, 1, 2, 0, null, none, none));
        assertTrue(envelope(SID, 1, 0, 0, new byte[64], new byte[32]).isBroadcast());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        byte[] sid = SID.clone();
        Envelope e = envelope(sid, 1, 2, 0, new byte[0], new byte[0]);
        sid[0] = 9;
        e.sessionId()[1] = 9;
        e.payload()[0] = 9;
        assertArrayEquals(SID, e.sessionId());
        assertEquals('p', e.payload()[0]);
    }

    @Test
    void equalityIsByContent() {
        Envelope a = envelope(SID, 1, 2, 0, new byte[0], new byte[0]);
        Envelope b = envelope(SID.clone(), 1, 2, 0, new byte[0], new byte[0]);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, envelope(SID, 1, 2, 1, new byte[0], new byte[0]));
    }

    @Test
    void toStringShowsNoPayload() {
        String s = envelope(SID, 1, 2, 0, new byte[0], new byte[0]).toString();
        assertFalse(s.contains("payload-text"), s);
        assertTrue(s.contains("1->2"), s);
    }
}

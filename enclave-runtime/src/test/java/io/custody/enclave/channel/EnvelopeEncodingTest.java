package io.custody.enclave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeEncodingTest {

    private static final byte[] SID = {1, 2, 3};
    private static final byte[] ECHO = Edit.filled(32, 0xee);

    @Test
    void directAadFollowsTheDocumentedLayout() {
        byte[] tag = "custody/peer-channel/v1/direct".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer expected = ByteBuffer.allocate(4 + 30 + 4 + 3 + 4 * 4 + 8 + 4 + 32)
                .putInt(30).put(tag)
                .putInt(3).put(SID)
                .putInt(7).putInt(2).putInt(1).putInt(3)
                .putLong(0x0102030405060708L)
                .putInt(32).put(ECHO);
        assertArrayEquals(expected.array(), EnvelopeEncoding.directAad(SID, 7, 2, 1, 3, 0x0102030405060708L, ECHO));
    }

    @Test
    void broadcastEncodingFollowsTheDocumentedLayout() {
        byte[] tag = "custody/peer-channel/v1/broadcast".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = {9, 8};
        ByteBuffer expected = ByteBuffer.allocate(4 + 33 + 4 + 3 + 4 * 4 + 8 + 4 + 2 + 4)
                .putInt(33).put(tag)
                .putInt(3).put(SID)
                .putInt(7).putInt(2).putInt(1).putInt(0)
                .putLong(5)
                .putInt(2).put(payload)
                .putInt(0);
        assertArrayEquals(expected.array(), EnvelopeEncoding.broadcastToBeSigned(SID, 7, 2, 1, 5, payload, new byte[0]));
        Envelope e = new Envelope(SID, 7, 2, 1, 0, 5, payload, new byte[64], new byte[0]);
        assertArrayEquals(expected.array(), EnvelopeEncoding.broadcastToBeSigned(e));
    }

    @Test
    void domainTagsDiffer() {
        assertFalse(Arrays.equals(EnvelopeEncoding.DIRECT_TAG, EnvelopeEncoding.BROADCAST_TAG));
    }
}

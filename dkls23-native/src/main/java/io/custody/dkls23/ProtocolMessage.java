package io.custody.dkls23;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One protocol message with its routing: {@code to == 0} is a broadcast for every other party of
 * the session; otherwise it is for party {@code to} only. The payload is opaque and may be secret
 * (DKG fragments), so it must travel encrypted between enclaves.
 */
public record ProtocolMessage(int from, int to, byte[] payload) {
    public static final int BROADCAST = 0;

    public ProtocolMessage {
        if (from < 1 || from > 255) {
            throw new IllegalArgumentException("from must be a party index in 1..255, was " + from);
        }
        if (to < 0 || to > 255) {
            throw new IllegalArgumentException("to must be 0 (broadcast) or a party index in 1..255, was " + to);
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    public boolean isBroadcast() {
        return to == BROADCAST;
    }

    /** Whether party {@code party} should receive this message. */
    public boolean isFor(int party) {
        return party != from && (isBroadcast() || to == party);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public void copyPayloadInto(ByteBuffer out) {
        out.put(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtocolMessage m && m.from == from && m.to == to && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * from + to) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "ProtocolMessage[" + from + "->" + (isBroadcast() ? "all" : to) + ", " + payload.length + " bytes]";
    }
}

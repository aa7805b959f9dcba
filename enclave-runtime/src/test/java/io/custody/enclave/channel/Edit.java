package io.custody.enclave.channel;

/** Copies of an envelope with one field changed: what a malicious relay can do. */
final class Edit {

    private Edit() {}

    static Envelope sessionId(Envelope e, byte[] v) {
        return new Envelope(v, e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence(), e.payload(), e.signature(), e.echoDigest());
    }

    static Envelope protocol(Envelope e, int v) {
        return new Envelope(e.sessionId(), v, e.phase(), e.sender(), e.recipient(), e.sequence(), e.payload(), e.signature(), e.echoDigest());
    }

    static Envelope phase(Envelope e, int v) {
        return new Envelope(e.sessionId(), e.protocol(), v, e.sender(), e.recipient(), e.sequence(), e.payload(), e.signature(), e.echoDigest());
    }

    static Envelope sender(Envelope e, int v) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), v, e.recipient(), e.sequence(), e.payload(), e.signature(), e.echoDigest());
    }

    static Envelope recipient(Envelope e, int v) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), e.sender(), v, e.sequence(), e.payload(), e.signature(), e.echoDigest());
    }

    static Envelope sequence(Envelope e, long v) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), v, e.payload(), e.signature(), e.echoDigest());
    }

    static Envelope payload(Envelope e, byte[] v) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence(), v, e.signature(), e.echoDigest());
    }

    static Envelope signature(Envelope e, byte[] v) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence(), e.payload(), v, e.echoDigest());
    }

    static Envelope echoDigest(Envelope e, byte[] v) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence(), e.payload(), e.signature(), v);
    }

    static byte[] flipBit(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}

package io.custody.enclave.channel;

import java.nio.charset.StandardCharsets;

/**
 * The canonical byte strings a direct envelope's AEAD authenticates and a broadcast's signature
 * covers. Both start with a distinct domain tag, so an AAD can never be replayed as a signed
 * message or the other way round. All integers are big-endian; lengths are u32.
 *
 * <pre>
 *   direct AAD                                  broadcast to-be-signed
 *   u32 30  "custody/peer-channel/v1/direct"    u32 33  "custody/peer-channel/v1/broadcast"
 *   u32 n   sessionId (n bytes)                 u32 n   sessionId (n bytes)
 *   u32     protocol                            u32     protocol
 *   u32     phase                               u32     phase
 *   u32     sender                              u32     sender
 *   u32     recipient (1..255)                  u32     recipient (always 0)
 *   u64     sequence                            u64     sequence
 *                                               u32 m   payload (m bytes, plaintext)
 *   u32 e   echoDigest (e = 0 or 32)            u32 e   echoDigest (e = 0 or 32)
 * </pre>
 *
 * <p>The direct payload is not in its AAD: AES-GCM authenticates the ciphertext itself. The
 * signature field is in neither: it is what is computed over the rest.
 */
final class EnvelopeEncoding {

    static final byte[] DIRECT_TAG = "custody/peer-channel/v1/direct".getBytes(StandardCharsets.US_ASCII);
    static final byte[] BROADCAST_TAG = "custody/peer-channel/v1/broadcast".getBytes(StandardCharsets.US_ASCII);

    private EnvelopeEncoding() {}

    static byte[] directAad(
            byte[] sessionId, int protocol, int phase, int sender, int recipient, long sequence, byte[] echoDigest) {
        return header(DIRECT_TAG, sessionId, protocol, phase, sender, recipient, sequence)
                .bytes(echoDigest)
                .toByteArray();
    }

    static byte[] directAad(Envelope e) {
        return directAad(e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence(), e.echoDigest());
    }

    static byte[] broadcastToBeSigned(
            byte[] sessionId, int protocol, int phase, int sender, long sequence, byte[] payload, byte[] echoDigest) {
        return header(BROADCAST_TAG, sessionId, protocol, phase, sender, Envelope.BROADCAST, sequence)
                .bytes(payload)
                .bytes(echoDigest)
                .toByteArray();
    }

    /** Covers the envelope's recipient as written, so a re-addressed broadcast fails verification. */
    static byte[] broadcastToBeSigned(Envelope e) {
        return header(BROADCAST_TAG, e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence())
                .bytes(e.payload())
                .bytes(e.echoDigest())
                .toByteArray();
    }

    private static CanonicalBytes header(
            byte[] tag, byte[] sessionId, int protocol, int phase, int sender, int recipient, long sequence) {
        return new CanonicalBytes()
                .bytes(tag)
                .bytes(sessionId)
                .u32(protocol)
                .u32(phase)
                .u32(sender)
                .u32(recipient)
                .u64(sequence);
    }
}

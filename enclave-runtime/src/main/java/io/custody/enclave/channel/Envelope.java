package io.custody.enclave.channel;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One enclave-to-enclave message as the parent relays it; the domain twin of
 * {@code custody.enclave.v1.PeerEnvelope} (a mapper at the edge converts between the two).
 *
 * <p>A direct envelope ({@code recipient != 0}) carries {@code nonce || AES-256-GCM ciphertext ||
 * tag} as payload and no signature; a broadcast ({@code recipient == 0}) carries its payload in
 * clear with a 64-byte Ed25519 signature. The record only checks shapes; {@link SessionChannel}
 * checks meaning. Arrays are copied in and out, so an envelope never changes after construction.
 *
 * @param sessionId the MPC session id, 1..64 bytes
 * @param protocol the protocol code of the session (DKG, sign, refresh), &gt;= 0
 * @param phase the protocol phase, &gt;= 0
 * @param sender the sender's party index, 1..255
 * @param recipient the recipient's party index 1..255, or {@link #BROADCAST}
 * @param sequence the sender's sequence number within the phase, &gt;= 0
 * @param payload ciphertext (direct) or plaintext (broadcast)
 * @param signature empty (direct) or a 64-byte Ed25519 signature (broadcast)
 * @param echoDigest empty or the 32-byte {@link BroadcastEcho} digest of the previous phase
 */
public record Envelope(
        byte[] sessionId,
        int protocol,
        int phase,
        int sender,
        int recipient,
        long sequence,
        byte[] payload,
        byte[] signature,
        byte[] echoDigest) {

    /** The recipient value that marks a broadcast. */
    public static final int BROADCAST = 0;
    /** Longest accepted session id. */
    public static final int MAX_SESSION_ID_BYTES = 64;
    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;
    /** Length of an echo digest (SHA-256). */
    public static final int ECHO_DIGEST_BYTES = 32;

    public Envelope {
        sessionId = Objects.requireNonNull(sessionId, "sessionId").clone();
        if (sessionId.length < 1 || sessionId.length > MAX_SESSION_ID_BYTES) {
            throw new IllegalArgumentException("sessionId must be 1.." + MAX_SESSION_ID_BYTES + " bytes");
        }
        if (protocol < 0) {
            throw new IllegalArgumentException("protocol must be >= 0");
        }
        if (phase < 0) {
            throw new IllegalArgumentException("phase must be >= 0");
        }
        PeerKeys.requirePartyIndex(sender, "sender");
        if (recipient != BROADCAST) {
            PeerKeys.requirePartyIndex(recipient, "recipient");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0");
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
        signature = Objects.requireNonNull(signature, "signature").clone();
        if (signature.length != 0 && signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature must be empty or " + SIGNATURE_BYTES + " bytes");
        }
        echoDigest = Objects.requireNonNull(echoDigest, "echoDigest").clone();
        if (echoDigest.length != 0 && echoDigest.length != ECHO_DIGEST_BYTES) {
            throw new IllegalArgumentException("echoDigest must be empty or " + ECHO_DIGEST_BYTES + " bytes");
        }
    }

    public boolean isBroadcast() {
        return recipient == BROADCAST;
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] echoDigest() {
        return echoDigest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e
                && protocol == e.protocol
                && phase == e.phase
                && sender == e.sender
                && recipient == e.recipient
                && sequence == e.sequence
                && Arrays.equals(sessionId, e.sessionId)
                && Arrays.equals(payload, e.payload)
                && Arrays.equals(signature, e.signature)
                && Arrays.equals(echoDigest, e.echoDigest);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(protocol, phase, sender, recipient, sequence);
        h = 31 * h + Arrays.hashCode(sessionId);
        h = 31 * h + Arrays.hashCode(payload);
        h = 31 * h + Arrays.hashCode(signature);
        return 31 * h + Arrays.hashCode(echoDigest);
    }

    /** Header fields and lengths only: a payload is never printed, even a public one. */
    @Override
    public String toString() {
        return "Envelope[session=" + HexFormat.of().formatHex(sessionId) + ", protocol=" + protocol
                + ", phase=" + phase + ", " + sender + "->" + (isBroadcast() ? "all" : recipient)
                + ", seq=" + sequence + ", payload=" + payload.length + "B, signature="
                + signature.length + "B, echo=" + echoDigest.length + "B]";
    }
}

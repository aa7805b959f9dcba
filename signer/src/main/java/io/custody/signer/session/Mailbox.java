package io.custody.signer.session;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.PeerEnvelope;
import io.custody.proto.mpc.v1.RoundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The round messages one node has received for one session, by phase and sender. Messages may
 * arrive before the session starts here (buffered), twice (exact duplicates dropped), out of
 * order or for a later phase (buffered by phase). {@link #await} hands a phase over once every
 * expected sender's announced count of well-formed envelopes is in, or names who is missing.
 */
public final class Mailbox {
    /** Bounds what one sender can make this node hold for one phase. */
    static final int MAX_ENVELOPES_PER_SENDER = 256;
    static final int MAX_PHASE = 3;

    private final ByteString sessionId;
    private final Instant created = Instant.now();
    private final Map<Integer, Map<String, FromSender>> phases = new HashMap<>();
    private boolean claimed;

    Mailbox(ByteString sessionId) {
        this.sessionId = sessionId;
    }

    private static final class FromSender {
        int expected = -1;
        final Map<ByteString, PeerEnvelope> envelopes = new LinkedHashMap<>();
    }

    /** Stores {@code message} unless it is malformed, for another session, a duplicate or over the bound. */
    synchronized boolean offer(RoundMessage message) {
        int phase = message.getPhase();
        if (phase < 1 || phase > MAX_PHASE || message.getFromNodeId().isEmpty()
                || !message.getSessionId().equals(sessionId)
                || (message.hasEnvelope() && (message.getEnvelope().getPhase() != phase
                        || !message.getEnvelope().getSessionId().equals(sessionId)))) {
            return false;
        }
        FromSender from = phases.computeIfAbsent(phase, p -> new HashMap<>())
                .computeIfAbsent(message.getFromNodeId(), s -> new FromSender());
        if (from.expected < 0) {
            from.expected = Math.min(message.getEnvelopeCount(), MAX_ENVELOPES_PER_SENDER);
        }
        boolean added = false;
        if (message.hasEnvelope() && from.envelopes.size() < MAX_ENVELOPES_PER_SENDER) {
            added = from.envelopes.putIfAbsent(message.getEnvelope().toByteString(), message.getEnvelope()) == null;
        }
        notifyAll();
        return added;
    }

    /**
     * Waits until every sender in {@code senders} (party index → node) has delivered its phase
     * messages for party {@code self}, then returns them (and forgets the phase).
     */
    synchronized List<PeerEnvelope> await(int phase, Map<Integer, String> senders, int self, Instant deadline)
            throws MissingMessagesException, InterruptedException {
        while (true) {
            Map<Integer, String> missing = new TreeMap<>();
            List<PeerEnvelope> ready = new ArrayList<>();
            Map<String, FromSender> received = phases.getOrDefault(phase, Map.of());
            for (var sender : senders.entrySet()) {
                FromSender from = received.get(sender.getValue());
                List<PeerEnvelope> valid = from == null ? List.of() : from.envelopes.values().stream()
                        .filter(e -> e.getSender() == sender.getKey()
                                && (e.getRecipient() == 0 || e.getRecipient() == self))
                        .toList();
                if (from == null || from.expected < 0 || valid.size() < from.expected) {
                    missing.put(sender.getKey(), sender.getValue());
                }
                ready.addAll(valid);
            }
            if (missing.isEmpty()) {
                phases.remove(phase);
                return ready;
            }
            long remaining = Duration.between(Instant.now(), deadline).toMillis();
            if (remaining <= 0) {
                throw new MissingMessagesException(phase, missing);
            }
            wait(remaining);
        }
    }

    synchronized void claim() {
        claimed = true;
    }

    synchronized boolean expired(Instant now, Duration unclaimedTtl) {
        return !claimed && created.plus(unclaimedTtl).isBefore(now);
    }
}

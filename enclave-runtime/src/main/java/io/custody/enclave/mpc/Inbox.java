package io.custody.enclave.mpc;

import io.custody.enclave.channel.Envelope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The round handler in front of the crate (multi-party-sig style). It sorts what the relay
 * delivers: envelopes of another session or from a non-party are dropped; envelopes of an earlier
 * phase are dropped as replays; envelopes of a later phase are buffered until their phase;
 * an exact duplicate is dropped; two different envelopes for the same slot (phase, sender,
 * recipient) abort the session, since one of them is forged or equivocated.
 */
final class Inbox {
    /** Bound on buffered early envelopes, so a relay cannot grow enclave memory. */
    private static final int MAX_BUFFERED = 4 * SessionParameters.MAX_PARTIES;

    private final byte[] sessionId;
    private final SessionParameters parameters;
    private final Map<Slot, Envelope> buffered = new LinkedHashMap<>();
    private int dropped;

    Inbox(byte[] sessionId, SessionParameters parameters) {
        this.sessionId = sessionId.clone();
        this.parameters = parameters;
    }

    private record Slot(int phase, int sender, int recipient) {}

    /** The envelopes of {@code phase} (from this delivery and earlier buffered ones), one per slot. */
    List<Envelope> collect(int phase, List<Envelope> delivered) {
        for (Envelope envelope : delivered) {
            accept(envelope, phase);
        }
        List<Envelope> ready = new ArrayList<>();
        buffered.entrySet().removeIf(entry -> {
            if (entry.getKey().phase() == phase) {
                ready.add(entry.getValue());
                return true;
            }
            return entry.getKey().phase() < phase;
        });
        return ready;
    }

    /** Envelopes dropped so far (other session, non-party, stale, duplicate): a relay health signal. */
    int dropped() {
        return dropped;
    }

    private void accept(Envelope envelope, int current) {
        boolean forUs = envelope.recipient() == 0 || envelope.recipient() == parameters.self();
        if (!Arrays.equals(envelope.sessionId(), sessionId) || !parameters.isParty(envelope.sender())
                || envelope.sender() == parameters.self() || !forUs || envelope.phase() < current) {
            dropped++;
            return;
        }
        Slot slot = new Slot(envelope.phase(), envelope.sender(), envelope.recipient());
        Envelope earlier = buffered.get(slot);
        if (earlier != null) {
            if (!sameContent(earlier, envelope)) {
                throw new SessionAbortedException("two different phase-" + slot.phase() + " messages from party "
                        + slot.sender() + " (forged by the relay or equivocated by the sender)", slot.sender());
            }
            dropped++;
            return;
        }
        if (buffered.size() >= MAX_BUFFERED) {
            throw new SessionAbortedException("too many buffered messages: the relay is flooding the session");
        }
        buffered.put(slot, envelope);
    }

    private static boolean sameContent(Envelope a, Envelope b) {
        return a.sequence() == b.sequence() && Arrays.equals(a.payload(), b.payload())
                && Arrays.equals(a.signature(), b.signature()) && Arrays.equals(a.echoDigest(), b.echoDigest());
    }
}

package io.custody.enclave.mpc;

import io.custody.dkls23.KeyShare;
import io.custody.enclave.attest.EnclaveIdentity;
import io.custody.enclave.channel.Envelope;
import io.custody.enclave.channel.PeerKeys;
import io.custody.enclave.channel.SessionChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * n enclaves' session drivers in one process, with a relay in between that a test can make
 * hostile: the hook sees every delivery (recipient, envelopes) and returns what is delivered.
 */
final class InMemoryNetwork {
    static final List<EnclaveIdentity> IDENTITIES = List.of(EnclaveIdentity.generate(), EnclaveIdentity.generate(),
            EnclaveIdentity.generate(), EnclaveIdentity.generate(), EnclaveIdentity.generate());

    final MutableClock clock = new MutableClock();
    final Map<Integer, SessionRegistry> registries = new HashMap<>();

    InMemoryNetwork(int enclaves) {
        for (int party = 1; party <= enclaves; party++) {
            registries.put(party, new SessionRegistry(4, Duration.ofMinutes(1), clock));
        }
    }

    static SessionChannel channel(SessionParameters parameters) {
        Map<Integer, PeerKeys> peers = new HashMap<>();
        for (int other : parameters.others()) {
            EnclaveIdentity id = IDENTITIES.get(other - 1);
            peers.put(other, new PeerKeys(other, id.x25519().getPublic(), id.ed25519().getPublic()));
        }
        return new SessionChannel(parameters.sessionId(), parameters.protocol().code(), parameters.self(),
                IDENTITIES.get(parameters.self() - 1), peers);
    }

    static SessionParameters parameters(Protocol protocol, int t, int n, int self, int[] parties, String request) {
        return new SessionParameters(protocol, "wallet-1", t, n, self, parties, request);
    }

    /** Runs steps 1..4 for the given sessions, passing every delivery through {@code relay}. */
    static Map<Integer, StepResult> run(Map<Integer, MpcSession> sessions,
                                        BiFunction<Integer, List<Envelope>, List<Envelope>> relay) {
        List<Envelope> inFlight = List.of();
        Map<Integer, StepResult> results = new HashMap<>();
        for (int step = 1; step <= MpcSession.FINISH; step++) {
            List<Envelope> produced = new ArrayList<>();
            for (var entry : sessions.entrySet()) {
                int me = entry.getKey();
                List<Envelope> mine = inFlight.stream()
                        .filter(e -> e.sender() != me && (e.isBroadcast() || e.recipient() == me)).toList();
                StepResult result = entry.getValue().step(step, relay.apply(me, mine));
                produced.addAll(result.outbound());
                results.put(me, result);
            }
            inFlight = produced;
        }
        return results;
    }

    static BiFunction<Integer, List<Envelope>, List<Envelope>> honest() {
        return (to, envelopes) -> envelopes;
    }

    static KeyShare share(StepResult result) {
        return ((Outcome.NewShare) result.outcome().orElseThrow()).share();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

package io.custody.enclave.mpc;

import static io.custody.enclave.mpc.InMemoryNetwork.honest;
import static io.custody.enclave.mpc.InMemoryNetwork.parameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.KeyShare;
import io.custody.dkls23.Signature;
import io.custody.enclave.channel.Envelope;
import io.custody.enclave.process.IndependentCheck;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session driver over a real crate and real channels, with a relay that misbehaves on demand. */
class MpcSessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] ALL = {1, 2, 3};
    private static Map<Integer, KeyShare> shares;
    private static int requests;

    @BeforeAll
    static void generateA2of3Wallet() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        Map<Integer, StepResult> results = InMemoryNetwork.run(startDkg(network), honest());
        shares = new HashMap<>();
        results.forEach((party, result) -> shares.put(party, InMemoryNetwork.share(result)));
        byte[] digest = results.get(1).finalBroadcastDigest();
        assertEquals(32, digest.length);
        results.values().forEach(r -> assertArrayEquals(digest, r.finalBroadcastDigest()));
    }

    @AfterAll
    static void closeShares() {
        shares.values().forEach(KeyShare::close);
    }

    private static Map<Integer, MpcSession> startDkg(InMemoryNetwork network) {
        String request = "dkg-" + (++requests);
        Map<Integer, MpcSession> sessions = new HashMap<>();
        for (int party : ALL) {
            SessionParameters p = parameters(Protocol.DKG, 2, 3, party, ALL, request);
            sessions.put(party, network.registries.get(party).startDkg(p, p.sessionId(),
                    InMemoryNetwork.channel(p), null));
        }
        return sessions;
    }

    private static Map<Integer, MpcSession> startSign(InMemoryNetwork network, int[] quorum, byte[] hash) {
        String request = "sign-" + (++requests);
        Map<Integer, MpcSession> sessions = new HashMap<>();
        for (int party : quorum) {
            SessionParameters p = parameters(Protocol.SIGN, 2, 3, party, quorum, request);
            sessions.put(party, network.registries.get(party).startSign(p, p.sessionId(),
                    InMemoryNetwork.channel(p), null, shares.get(party), hash));
        }
        return sessions;
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return hash;
    }

    @Test
    void everyPartyOfTheDkgHoldsTheSameKey() {
        byte[] key = shares.get(1).publicKey();
        shares.values().forEach(s -> assertArrayEquals(key, s.publicKey()));
    }

    @Test
    void everyQuorumSignsAndTheSignatureVerifiesIndependently() {
        for (int[] quorum : new int[][] {{1, 2}, {1, 3}, {2, 3}}) {
            byte[] hash = randomHash();
            Map<Integer, StepResult> results = InMemoryNetwork.run(startSign(new InMemoryNetwork(3), quorum, hash),
                    honest());
            Signature signature = ((Outcome.Signed) results.get(quorum[0]).outcome().orElseThrow()).signature();
            assertTrue(verifies(shares.get(1).publicKey(), hash, signature));
        }
    }

    @Test
    void duplicatedAndReorderedDeliveriesAreHarmless() {
        byte[] hash = randomHash();
        Map<Integer, StepResult> results = InMemoryNetwork.run(startSign(new InMemoryNetwork(3), new int[] {1, 3}, hash),
                (to, envelopes) -> {
                    List<Envelope> messy = new ArrayList<>(envelopes);
                    messy.addAll(envelopes);
                    Collections.reverse(messy);
                    return messy;
                });
        assertTrue(verifies(shares.get(1).publicKey(), hash,
                ((Outcome.Signed) results.get(1).outcome().orElseThrow()).signature()));
    }

    @Test
    void aFlippedBitAbortsAndNamesTheClaimedSender() {
        SessionAbortedException e = assertThrows(SessionAbortedException.class, () -> InMemoryNetwork.run(
                startSign(new InMemoryNetwork(3), new int[] {1, 2}, randomHash()), tamperOnce(2, envelope -> {
                    byte[] payload = envelope.payload();
                    payload[payload.length / 2] ^= 1;
                    return copy(envelope, payload);
                })));
        assertEquals(1, e.culprit().orElseThrow());
    }

    @Test
    void aDroppedMessageAborts() {
        assertThrows(SessionAbortedException.class, () -> InMemoryNetwork.run(
                startSign(new InMemoryNetwork(3), new int[] {1, 2}, randomHash()),
                (to, envelopes) -> to == 2 && !envelopes.isEmpty() ? envelopes.subList(1, envelopes.size()) : envelopes));
    }

    @Test
    void aMessageReplayedFromAnotherSessionIsNotAccepted() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        List<Envelope> earlier = new ArrayList<>();
        InMemoryNetwork.run(startSign(network, new int[] {1, 2}, randomHash()), (to, envelopes) -> {
            earlier.addAll(envelopes);
            return envelopes;
        });
        assertThrows(SessionAbortedException.class, () -> InMemoryNetwork.run(
                startSign(network, new int[] {1, 2}, randomHash()), (to, envelopes) -> {
                    List<Envelope> replayed = earlier.stream()
                            .filter(old -> envelopes.stream().anyMatch(e -> e.phase() == old.phase()
                                    && e.recipient() == old.recipient() && e.sender() == old.sender()))
                            .toList();
                    return replayed.isEmpty() ? envelopes : replayed;
                }));
    }

    @Test
    void aSenderThatEquivocatesABroadcastProducesNoShare() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        Map<Integer, MpcSession> sessions = startDkg(network);
        SessionParameters p1 = sessions.get(1).parameters();
        // Party 1 signs a second, different phase-2 broadcast and shows it to party 3 only.
        var forger = InMemoryNetwork.channel(p1);
        BiFunction<Integer, List<Envelope>, List<Envelope>> relay = (to, envelopes) -> envelopes.stream()
                .map(e -> to == 3 && e.isBroadcast() && e.sender() == 1 && e.phase() == 2
                        ? forger.signBroadcast(2, e.sequence(), flipLast(e.payload()), e.echoDigest()) : e)
                .toList();
        assertThrows(MpcException.class, () -> InMemoryNetwork.run(sessions, relay));
        sessions.values().forEach(MpcSession::close);
    }

    @Test
    void aSessionIdIsUsedOncePerBoot() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        SessionParameters p = parameters(Protocol.SIGN, 2, 3, 1, new int[] {1, 2}, "reused");
        SessionRegistry registry = network.registries.get(1);
        registry.end(registry.startSign(p, p.sessionId(), InMemoryNetwork.channel(p), null, shares.get(1), randomHash()));
        assertThrows(SessionRefusedException.class, () -> registry.startSign(p, p.sessionId(),
                InMemoryNetwork.channel(p), null, shares.get(1), randomHash()));
    }

    @Test
    void aSessionIdThatDoesNotMatchItsParametersIsRefused() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        SessionParameters p = parameters(Protocol.SIGN, 2, 3, 1, new int[] {1, 2}, "claimed");
        SessionParameters other = parameters(Protocol.SIGN, 2, 3, 1, new int[] {1, 3}, "claimed");
        assertThrows(SessionRefusedException.class, () -> network.registries.get(1).startSign(p, other.sessionId(),
                InMemoryNetwork.channel(p), null, shares.get(1), randomHash()));
    }

    @Test
    void sessionIdsSeparateEveryParameter() {
        int[] q = {1, 2};
        byte[] base = parameters(Protocol.SIGN, 2, 3, 1, q, "r").sessionId();
        assertTrue(!java.util.Arrays.equals(base, parameters(Protocol.SIGN, 2, 3, 1, q, "r2").sessionId()));
        assertTrue(!java.util.Arrays.equals(base, parameters(Protocol.SIGN, 2, 3, 1, new int[] {1, 3}, "r").sessionId()));
        assertTrue(!java.util.Arrays.equals(base, parameters(Protocol.SIGN, 2, 4, 1, q, "r").sessionId()));
        assertTrue(!java.util.Arrays.equals(base,
                new SessionParameters(Protocol.SIGN, "wallet-2", 2, 3, 1, q, "r").sessionId()));
        assertArrayEquals(base, parameters(Protocol.SIGN, 2, 3, 2, q, "r").sessionId(), "self is not part of the id");
    }

    @Test
    void aSessionPastItsDeadlineTimesOutAndFreesItsSlot() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        Map<Integer, MpcSession> sessions = startSign(network, new int[] {1, 2}, randomHash());
        sessions.get(1).step(1, List.of());
        network.clock.advance(Duration.ofMinutes(2));
        assertThrows(SessionTimeoutException.class, () -> sessions.get(1).step(2, List.of()));
        assertEquals(0, network.registries.get(1).active());
        sessions.values().forEach(MpcSession::close);
    }

    @Test
    void theSessionCapIsEnforced() {
        InMemoryNetwork network = new InMemoryNetwork(3);
        for (int k = 0; k < 4; k++) {
            startSign(network, new int[] {1, 2}, randomHash());
        }
        SessionRefusedException e = assertThrows(SessionRefusedException.class,
                () -> startSign(network, new int[] {1, 2}, randomHash()));
        assertTrue(e.isCapacity());
        network.registries.values().forEach(SessionRegistry::closeAll);
    }

    @Test
    void stepsOutOfOrderAbort() {
        Map<Integer, MpcSession> sessions = startSign(new InMemoryNetwork(3), new int[] {1, 2}, randomHash());
        assertThrows(SessionAbortedException.class, () -> sessions.get(1).step(2, List.of()));
        assertThrows(SessionAbortedException.class, () -> sessions.get(1).step(1, List.of()));
        sessions.values().forEach(MpcSession::close);
    }

    private static BiFunction<Integer, List<Envelope>, List<Envelope>> tamperOnce(
            int recipient, java.util.function.UnaryOperator<Envelope> change) {
        boolean[] done = {false};
        return (to, envelopes) -> {
            if (to != recipient || envelopes.isEmpty() || done[0]) {
                return envelopes;
            }
            done[0] = true;
            List<Envelope> out = new ArrayList<>(envelopes);
            out.set(0, change.apply(out.getFirst()));
            return out;
        };
    }

    private static Envelope copy(Envelope e, byte[] payload) {
        return new Envelope(e.sessionId(), e.protocol(), e.phase(), e.sender(), e.recipient(), e.sequence(), payload,
                e.signature(), e.echoDigest());
    }

    private static byte[] flipLast(byte[] payload) {
        payload[payload.length - 1] ^= 1;
        return payload;
    }

    static boolean verifies(byte[] compressedKey, byte[] hash, Signature signature) {
        return IndependentCheck.verifies(compressedKey, hash, signature.r(), signature.s());
    }
}

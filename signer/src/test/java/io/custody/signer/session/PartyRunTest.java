package io.custody.signer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.ErrorResponse;
import io.custody.proto.enclave.v1.PeerEnvelope;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.enclave.v1.Signature;
import io.custody.proto.enclave.v1.StepRequest;
import io.custody.proto.enclave.v1.StepResponse;
import io.custody.proto.mpc.v1.RoundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Two parties' runs over an in-memory transport, with scripted enclaves and a lossy network on demand. */
class PartyRunTest {
    private static final Map<Integer, String> NODES = Map.of(1, "n1", 2, "n2");
    private static final Duration PHASE_TIMEOUT = Duration.ofMillis(400);

    /** An enclave that sends one direct envelope to the other party per phase and signs at step 4. */
    private static final class ScriptedEnclave implements PartyRun.EnclaveStep {
        final int self;
        final Map<Integer, List<PeerEnvelope>> seen = new ConcurrentHashMap<>();
        volatile ErrorResponse failAtPhase2;

        ScriptedEnclave(int self) {
            this.self = self;
        }

        @Override
        public Response step(StepRequest request, Duration timeout) {
            seen.put(request.getPhase(), List.copyOf(request.getInboundList()));
            if (request.getPhase() == 2 && failAtPhase2 != null) {
                return Response.newBuilder().setError(failAtPhase2).build();
            }
            StepResponse.Builder step = StepResponse.newBuilder().setSessionId(request.getSessionId())
                    .setPhase(request.getPhase());
            if (request.getPhase() == 4) {
                step.setSignature(Signature.newBuilder().setR(ByteString.copyFrom(new byte[32]))
                        .setS(ByteString.copyFrom(new byte[32])));
            } else {
                step.addOutbound(PeerEnvelope.newBuilder().setSessionId(request.getSessionId())
                        .setPhase(request.getPhase()).setSender(self).setRecipient(3 - self)
                        .setPayload(ByteString.copyFromUtf8("phase " + request.getPhase() + " from " + self)));
            }
            return Response.newBuilder().setStep(step).build();
        }
    }

    private final Map<String, Mailboxes> mailboxes = Map.of(
            "n1", new Mailboxes("n1", 16, Duration.ofMinutes(1)),
            "n2", new Mailboxes("n2", 16, Duration.ofMinutes(1)));
    private final List<RoundMessage> sent = new CopyOnWriteArrayList<>();

    private RoundTransport network(Predicate<RoundMessage> drop) {
        return (to, message) -> {
            sent.add(message);
            if (!drop.test(message)) {
                mailboxes.get(to).deliver(message);
            }
        };
    }

    private static SessionPlan plan(int self) {
        SessionStart start = SessionStart.newBuilder().setProtocol(Protocol.PROTOCOL_SIGN).setWalletId("w")
                .setThreshold(2).setShareCount(2).setSelfIndex(self).addParties(1).addParties(2)
                .setRequestId("job-1/1").build();
        return SessionPlan.of(NODES.get(self), start, NODES);
    }

    private Map<Integer, SessionOutcome> runBoth(ScriptedEnclave one, ScriptedEnclave two, RoundTransport transport)
            throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SessionOutcome> first = pool.submit(
                    () -> new PartyRun(plan(1), one, transport, mailboxes.get("n1"), PHASE_TIMEOUT).run());
            Future<SessionOutcome> second = pool.submit(
                    () -> new PartyRun(plan(2), two, transport, mailboxes.get("n2"), PHASE_TIMEOUT).run());
            return Map.of(1, first.get(), 2, second.get());
        }
    }

    @Test
    void eachPhaseDeliversExactlyThePeersEnvelopesAndBothFinish() throws Exception {
        ScriptedEnclave one = new ScriptedEnclave(1);
        ScriptedEnclave two = new ScriptedEnclave(2);
        Map<Integer, SessionOutcome> outcomes = runBoth(one, two, network(m -> false));
        assertInstanceOf(SessionOutcome.Signed.class, outcomes.get(1));
        assertInstanceOf(SessionOutcome.Signed.class, outcomes.get(2));
        for (int phase = 2; phase <= 4; phase++) {
            List<PeerEnvelope> atOne = one.seen.get(phase);
            assertEquals(1, atOne.size());
            assertEquals("phase " + (phase - 1) + " from 2", atOne.getFirst().getPayload().toStringUtf8());
        }
        assertTrue(one.seen.get(1).isEmpty());
        assertTrue(sent.stream().allMatch(m -> m.getEnvelopeCount() == 1));
        assertEquals(0, mailboxes.get("n1").size(), "the session's mailbox was not closed");
    }

    @Test
    void duplicatedMessagesAreHarmless() throws Exception {
        ScriptedEnclave one = new ScriptedEnclave(1);
        RoundTransport doubling = (to, message) -> {
            mailboxes.get(to).deliver(message);
            mailboxes.get(to).deliver(message);
        };
        Map<Integer, SessionOutcome> outcomes = runBoth(one, new ScriptedEnclave(2), doubling);
        assertInstanceOf(SessionOutcome.Signed.class, outcomes.get(1));
        assertEquals(1, one.seen.get(3).size());
    }

    @Test
    void aLostFirstPhaseTimesOutNamingTheSilentPartyAndMayBeRetried() throws Exception {
        Map<Integer, SessionOutcome> outcomes = runBoth(new ScriptedEnclave(1), new ScriptedEnclave(2),
                network(m -> m.getPhase() == 1 && m.getToNodeId().equals("n2")));
        SessionFailure failure = assertInstanceOf(SessionOutcome.Failed.class, outcomes.get(2)).failure();
        assertEquals(SessionFailure.Kind.TIMEOUT, failure.kind());
        assertEquals("n1", failure.culpritNodeId());
        assertTrue(failure.retryable(), "nobody released phase-2 messages, so a new attempt is safe");
    }

    @Test
    void aLossAfterPhaseTwoWasReleasedIsNotRetryable() throws Exception {
        Map<Integer, SessionOutcome> outcomes = runBoth(new ScriptedEnclave(1), new ScriptedEnclave(2),
                network(m -> m.getPhase() == 2 && m.getToNodeId().equals("n2")));
        SessionFailure failure = assertInstanceOf(SessionOutcome.Failed.class, outcomes.get(2)).failure();
        assertEquals(SessionFailure.Kind.TIMEOUT, failure.kind());
        assertFalse(failure.retryable());
    }

    @Test
    void aCheatingVerdictNamesTheCulpritsNodeAndIsNeverRetried() throws Exception {
        ScriptedEnclave one = new ScriptedEnclave(1);
        one.failAtPhase2 = ErrorResponse.newBuilder().setCode(ErrorCode.ERROR_CODE_CHEATING_PARTY)
                .setMessage("OT consistency check failed").setCulprit(2).build();
        Map<Integer, SessionOutcome> outcomes = runBoth(one, new ScriptedEnclave(2), network(m -> false));
        SessionFailure failure = assertInstanceOf(SessionOutcome.Failed.class, outcomes.get(1)).failure();
        assertEquals(SessionFailure.Kind.CHEATING, failure.kind());
        assertEquals("n2", failure.culpritNodeId());
        assertFalse(failure.retryable());
        assertInstanceOf(SessionOutcome.Failed.class, outcomes.get(2), "party 2 cannot finish without party 1");
    }

    @Test
    void anUnauthorizedRequestFailsAtStepOneAndIsNeverRetried() throws Exception {
        PartyRun.EnclaveStep refusing = (request, timeout) -> Response.newBuilder().setError(ErrorResponse.newBuilder()
                .setCode(ErrorCode.ERROR_CODE_UNAUTHORIZED).setMessage("the client signature does not verify")).build();
        SessionOutcome outcome = new PartyRun(plan(1), refusing, network(m -> false), mailboxes.get("n1"),
                PHASE_TIMEOUT).run();
        SessionFailure failure = assertInstanceOf(SessionOutcome.Failed.class, outcome).failure();
        assertEquals(SessionFailure.Kind.UNAUTHORIZED, failure.kind());
        assertEquals(1, failure.phase());
        assertEquals("", failure.culpritNodeId());
        assertFalse(failure.retryable(), "every enclave refuses the same request the same way");
        assertTrue(sent.isEmpty(), "nothing is relayed for a refused session");
    }
}

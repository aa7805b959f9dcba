package io.custody.signer.session;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.ErrorResponse;
import io.custody.proto.enclave.v1.PeerEnvelope;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StepRequest;
import io.custody.proto.enclave.v1.StepResponse;
import io.custody.proto.mpc.v1.RoundMessage;
import io.custody.signer.enclave.EnclaveCallException;
import io.custody.signer.enclave.EnclaveTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives this node's enclave through one session: step 1 with the {@code SessionStart}; then for
 * phases 2..4 the previous phase's messages from every other party (each phase within
 * {@code phaseTimeout}); after each step 1..3 the enclave's outbound envelopes go to their
 * recipients' nodes (a broadcast to every other party), with a per-recipient count so each
 * recipient knows when it has them all. The parent never reads or alters an envelope.
 */
public final class PartyRun {
    /** The enclave as a session sees it; {@code EnclaveClient::step} in production. */
    @FunctionalInterface
    public interface EnclaveStep {
        Response step(StepRequest request, Duration timeout) throws EnclaveCallException, InterruptedException;
    }

    private static final int LAST_PHASE = 4;

    private final SessionPlan plan;
    private final EnclaveStep enclave;
    private final RoundTransport transport;
    private final Mailboxes mailboxes;
    private final Duration phaseTimeout;
    private boolean phase2Released;

    public PartyRun(SessionPlan plan, EnclaveStep enclave, RoundTransport transport, Mailboxes mailboxes,
                    Duration phaseTimeout) {
        this.plan = plan;
        this.enclave = enclave;
        this.transport = transport;
        this.mailboxes = mailboxes;
        this.phaseTimeout = phaseTimeout;
    }

    public SessionOutcome run() throws InterruptedException {
        byte[] sessionId = plan.sessionId();
        Mailbox mailbox = mailboxes.open(sessionId);
        try {
            List<PeerEnvelope> inbound = List.of();
            for (int phase = 1; ; phase++) {
                StepRequest.Builder request = StepRequest.newBuilder()
                        .setSessionId(ByteString.copyFrom(sessionId)).setPhase(phase).addAllInbound(inbound);
                if (phase == 1) {
                    request.setStart(plan.start());
                }
                Response response;
                try {
                    response = enclave.step(request.build(), phaseTimeout);
                } catch (EnclaveTimeoutException e) {
                    return failed(SessionFailure.Kind.ENCLAVE_UNAVAILABLE, phase, null, e.getMessage());
                } catch (EnclaveCallException e) {
                    return failed(SessionFailure.Kind.ENCLAVE_UNAVAILABLE, phase, null, e.getMessage());
                }
                if (response.hasError()) {
                    return failed(kindOf(response.getError().getCode()), phase, response.getError(),
                            response.getError().getMessage());
                }
                if (!response.hasStep()) {
                    return failed(SessionFailure.Kind.ABORTED, phase, null, "the enclave answered without a step");
                }
                StepResponse step = response.getStep();
                if (phase == LAST_PHASE) {
                    return outcome(step);
                }
                relay(phase, step.getOutboundList());
                if (phase == 2) {
                    phase2Released = true;
                }
                try {
                    inbound = mailbox.await(phase, plan.others(), plan.selfIndex(), Instant.now().plus(phaseTimeout));
                } catch (MissingMessagesException e) {
                    var first = e.missing().entrySet().iterator().next();
                    return new SessionOutcome.Failed(new SessionFailure(SessionFailure.Kind.TIMEOUT, phase + 1,
                            ErrorCode.ERROR_CODE_UNSPECIFIED, first.getKey(), first.getValue(), e.getMessage(),
                            phase2Released));
                }
            }
        } finally {
            mailboxes.close(sessionId);
        }
    }

    private void relay(int phase, List<PeerEnvelope> outbound) {
        Map<String, List<PeerEnvelope>> byNode = new TreeMap<>();
        Map<Integer, String> others = plan.others();
        others.values().forEach(node -> byNode.put(node, new ArrayList<>()));
        for (PeerEnvelope envelope : outbound) {
            if (envelope.getRecipient() == 0) {
                byNode.values().forEach(list -> list.add(envelope));
            } else if (others.containsKey(envelope.getRecipient())) {
                byNode.get(others.get(envelope.getRecipient())).add(envelope);
            }
        }
        ByteString sessionId = ByteString.copyFrom(plan.sessionId());
        for (var entry : byNode.entrySet()) {
            RoundMessage.Builder message = RoundMessage.newBuilder().setSessionId(sessionId)
                    .setFromNodeId(plan.selfNodeId()).setToNodeId(entry.getKey()).setPhase(phase)
                    .setEnvelopeCount(entry.getValue().size());
            if (entry.getValue().isEmpty()) {
                send(entry.getKey(), message.build());
            }
            for (PeerEnvelope envelope : entry.getValue()) {
                send(entry.getKey(), message.setEnvelope(envelope).build());
            }
        }
    }

    private void send(String node, RoundMessage message) {
        try {
            transport.send(node, message);
        } catch (RuntimeException lost) {
            // Best effort, like the network: the recipient's phase timeout covers a lost message.
        }
    }

    private SessionOutcome outcome(StepResponse step) {
        byte[] digest = step.getFinalBroadcastDigest().toByteArray();
        if (step.hasSignature()) {
            return new SessionOutcome.Signed(step.getSignature(), digest);
        }
        if (step.hasSealedShare()) {
            return new SessionOutcome.Sealed(step.getSealedShare(), digest);
        }
        return failed(SessionFailure.Kind.ABORTED, LAST_PHASE, null, "the last step produced no outcome");
    }

    private SessionOutcome failed(SessionFailure.Kind kind, int phase, ErrorResponse error, String message) {
        int culprit = error == null ? 0 : error.getCulprit();
        String culpritNode = plan.nodeByParty().getOrDefault(culprit, "");
        return new SessionOutcome.Failed(new SessionFailure(kind, phase,
                error == null ? ErrorCode.ERROR_CODE_UNSPECIFIED : error.getCode(), culprit, culpritNode, message,
                phase2Released));
    }

    private static SessionFailure.Kind kindOf(ErrorCode code) {
        return switch (code) {
            case ERROR_CODE_CHEATING_PARTY -> SessionFailure.Kind.CHEATING;
            case ERROR_CODE_TIMEOUT -> SessionFailure.Kind.TIMEOUT;
            case ERROR_CODE_UNAVAILABLE -> SessionFailure.Kind.ENCLAVE_UNAVAILABLE;
            case ERROR_CODE_UNAUTHORIZED -> SessionFailure.Kind.UNAUTHORIZED;
            default -> SessionFailure.Kind.ABORTED;
        };
    }
}

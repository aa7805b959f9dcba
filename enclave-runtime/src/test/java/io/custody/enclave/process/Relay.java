package io.custody.enclave.process;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.PeerEnvelope;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.enclave.v1.StepRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The parent hosts of a session, collapsed into one: it only moves bytes between enclaves. A
 * {@link Hook} sees every delivery and may tamper with it, the way a compromised host could.
 */
public final class Relay {
    @FunctionalInterface
    public interface Hook {
        List<PeerEnvelope> deliver(int step, int to, List<PeerEnvelope> envelopes);
    }

    public static final Hook HONEST = (step, to, envelopes) -> envelopes;

    /** What every party answered at the last step reached (the first step with any error, or 4). */
    public record Outcome(int lastStep, Map<Integer, Response> responses, List<PeerEnvelope> relayed) {
        public boolean anyError() {
            return responses.values().stream().anyMatch(Response::hasError);
        }
    }

    private final Map<Integer, EnclaveProcess> enclaves;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public Relay(Map<Integer, EnclaveProcess> enclaves) {
        this.enclaves = enclaves;
    }

    /** Runs steps 1..4 among the parties of {@code starts}, stopping after the first step with an error. */
    public Outcome run(byte[] sessionId, Map<Integer, SessionStart> starts, Hook hook) throws Exception {
        List<PeerEnvelope> inFlight = List.of();
        List<PeerEnvelope> relayed = new ArrayList<>();
        Map<Integer, Response> responses = new TreeMap<>();
        for (int step = 1; step <= 4; step++) {
            Map<Integer, Future<Response>> pending = new TreeMap<>();
            for (var entry : starts.entrySet()) {
                int party = entry.getKey();
                StepRequest.Builder request = StepRequest.newBuilder()
                        .setSessionId(ByteString.copyFrom(sessionId))
                        .setPhase(step)
                        .addAllInbound(hook.deliver(step, party, inboxOf(inFlight, party)));
                if (step == 1) {
                    request.setStart(entry.getValue());
                }
                Request wrapped = Request.newBuilder().setStep(request).build();
                pending.put(party, pool.submit(() -> enclaves.get(party).call(wrapped)));
            }
            List<PeerEnvelope> produced = new ArrayList<>();
            responses = new TreeMap<>();
            for (var entry : pending.entrySet()) {
                Response response = entry.getValue().get();
                responses.put(entry.getKey(), response);
                if (response.hasStep()) {
                    produced.addAll(response.getStep().getOutboundList());
                }
            }
            relayed.addAll(produced);
            if (responses.values().stream().anyMatch(Response::hasError)) {
                return new Outcome(step, responses, relayed);
            }
            inFlight = produced;
        }
        return new Outcome(4, responses, relayed);
    }

    public static List<PeerEnvelope> inboxOf(List<PeerEnvelope> envelopes, int party) {
        return envelopes.stream()
                .filter(e -> e.getSender() != party && (e.getRecipient() == 0 || e.getRecipient() == party))
                .toList();
    }
}

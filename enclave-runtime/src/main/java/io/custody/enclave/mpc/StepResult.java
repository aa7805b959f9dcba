package io.custody.enclave.mpc;

import io.custody.enclave.channel.Envelope;
import java.util.List;
import java.util.Optional;

/**
 * What one step produced: envelopes for the relay, and after the last step the outcome plus the
 * digest of the final phase's broadcasts. The final broadcasts have no later phase to echo them,
 * so the orchestrator compares this digest across all parties and rejects the result (e.g. a new
 * wallet) unless every party reports the same value.
 */
public record StepResult(List<Envelope> outbound, Optional<Outcome> outcome, byte[] finalBroadcastDigest) {
    public StepResult {
        outbound = List.copyOf(outbound);
        finalBroadcastDigest = finalBroadcastDigest.clone();
    }

    static StepResult messages(List<Envelope> outbound) {
        return new StepResult(outbound, Optional.empty(), new byte[0]);
    }

    static StepResult finished(Outcome outcome, byte[] finalBroadcastDigest) {
        return new StepResult(List.of(), Optional.of(outcome), finalBroadcastDigest);
    }

    @Override
    public byte[] finalBroadcastDigest() {
        return finalBroadcastDigest.clone();
    }
}

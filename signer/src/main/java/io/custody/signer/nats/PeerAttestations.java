package io.custody.signer.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.mpc.v1.SessionAcceptance;
import io.custody.proto.mpc.v1.SessionProposal;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;

/**
 * The current attestation documents of the other holders, for a session of all n (DKG, refresh):
 * an attestation query (a {@code SessionProposal} without a job) on each peer's control subject,
 * asked again until it answers, since a peer may pull its copy of the job later.
 */
final class PeerAttestations {
    private static final Duration BUDGET = Duration.ofSeconds(20);

    private final NodeContext node;

    PeerAttestations(NodeContext node) {
        this.node = node;
    }

    byte[] of(String peer, String jobId) throws Exception {
        byte[] query = SessionProposal.newBuilder().setJobId(jobId).setCoordinatorNodeId(node.selfNodeId()).build()
                .toByteArray();
        Instant until = Instant.now().plus(BUDGET);
        while (true) {
            Headers headers = TraceContext.headers().put(Subjects.MESSAGE_TYPE_HEADER, Subjects.ATTESTATION_QUERY);
            try {
                Message reply = node.connection().requestWithTimeout(Subjects.control(peer), headers, query,
                        node.timeouts().proposal()).get();
                SessionAcceptance answer = SessionAcceptance.parseFrom(reply.getData());
                if (answer.getNodeId().equals(peer) && !answer.getAttestationDocument().isEmpty()) {
                    return answer.getAttestationDocument().toByteArray();
                }
            } catch (ExecutionException | InvalidProtocolBufferException notYet) {
                // asked again below
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("no attestation from " + peer);
            }
            Thread.sleep(200);
        }
    }
}

package io.custody.signer.nats;

import io.custody.proto.mpc.v1.JobResult;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;

/**
 * Publishes this node's {@link JobResult}s into the RESULTS stream on
 * {@code custody.results.<node>}, with {@code Nats-Msg-Id = jobId/node/attempt} so a retried
 * publish or a redelivered job's result is stored once. Returns only once the stream stored it.
 */
public final class ResultPublisher {
    private final JetStream jetStream;
    private final String selfNodeId;

    public ResultPublisher(JetStream jetStream, String selfNodeId) {
        this.jetStream = jetStream;
        this.selfNodeId = selfNodeId;
    }

    public PublishAck publish(JobResult result) throws IOException, JetStreamApiException {
        String messageId = result.getJobId() + "/" + selfNodeId + "/" + result.getAttempt();
        return jetStream.publish(Subjects.results(selfNodeId), TraceContext.headers(), result.toByteArray(),
                PublishOptions.builder().messageId(messageId).build());
    }
}

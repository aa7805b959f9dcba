package io.custody.signer.nats;

import io.custody.proto.mpc.v1.JobResult;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;

/**
 * Publishes this node's {@link JobResult}s into the RESULTS stream on
 * {@code custody.results.<node>}, with {@code Nats-Msg-Id = jobId/node/attempt} so a retried
 * publish or a redelivered job's result is stored once. Returns only once the stream stored it.
 * A publish that gets no answer (nats-server restarting, connection down) is retried for up to
 * {@link #RETRY_FOR}: the message id makes the retry harmless, and a result of a session that ran
 * must not be dropped because the server was away for a moment.
 */
public final class ResultPublisher {
    static final Duration RETRY_FOR = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(ResultPublisher.class.getName());

    private final JetStream jetStream;
    private final String selfNodeId;

    public ResultPublisher(JetStream jetStream, String selfNodeId) {
        this.jetStream = jetStream;
        this.selfNodeId = selfNodeId;
    }

    public PublishAck publish(JobResult result) throws IOException, JetStreamApiException {
        String messageId = result.getJobId() + "/" + selfNodeId + "/" + result.getAttempt();
        long until = System.nanoTime() + RETRY_FOR.toNanos();
        for (long pause = 250; ; pause = Math.min(pause * 2, 2_000)) {
            try {
                return jetStream.publish(Subjects.results(selfNodeId), TraceContext.headers(), result.toByteArray(),
                        PublishOptions.builder().messageId(messageId).build());
            } catch (IOException noAnswer) {
                if (System.nanoTime() > until) {
                    throw noAnswer;
                }
                LOG.log(System.Logger.Level.WARNING, "result {0} not stored yet, retrying: {1}", messageId,
                        noAnswer.toString());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw noAnswer;
                }
            }
        }
    }
}

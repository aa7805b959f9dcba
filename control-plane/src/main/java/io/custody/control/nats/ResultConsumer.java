package io.custody.control.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.nats.NatsSubjects;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Pulls {@link JobResult}s from the RESULTS stream through the shared durable consumer
 * {@code control} and acks each only after its handler returned, i.e. after what it changed is
 * committed (audit first). A handler that throws leaves the result to be redelivered; a message
 * that is not a JobResult is terminated (it never will be one). Handlers must be idempotent: a
 * redelivered or duplicate result changes nothing the first one did not.
 */
public final class ResultConsumer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ResultConsumer.class.getName());
    /** Short pulls, so a nats-server restart is noticed in seconds (see tests/…/SignerPlane). */
    private static final ConsumeOptions PULLS = ConsumeOptions.builder().expiresIn(5_000).build();
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final MessageConsumer consumer;

    private ResultConsumer(MessageConsumer consumer) {
        this.consumer = consumer;
    }

    public static ResultConsumer start(Connection connection, Consumer<JobResult> handler) throws Exception {
        MessageConsumer consumer = connection
                .getConsumerContext(NatsSubjects.RESULTS_STREAM, NatsSubjects.RESULTS_CONSUMER)
                .consume(PULLS, message -> deliver(message, handler));
        return new ResultConsumer(consumer);
    }

    private static void deliver(Message message, Consumer<JobResult> handler) {
        JobResult result;
        try {
            result = JobResult.parseFrom(message.getData());
        } catch (InvalidProtocolBufferException e) {
            LOG.log(Level.ERROR, "not a JobResult on {0}; terminated", message.getSubject());
            message.term();
            return;
        }
        if (!message.getSubject().equals(NatsSubjects.resultSubject(result.getNodeId()))) {
            // a node may publish only on its own subject (permissions), so this is a forgery
            LOG.log(Level.ERROR, "result of node {0} arrived on {1}; terminated", result.getNodeId(),
                    message.getSubject());
            message.term();
            return;
        }
        try {
            handler.accept(result);
            message.ack();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recording result of job " + result.getJobId() + " from " + result.getNodeId()
                    + " failed; it will be redelivered", e);
            message.nakWithDelay(RETRY_DELAY);
        }
    }

    @Override
    public void close() {
        consumer.stop();
    }
}

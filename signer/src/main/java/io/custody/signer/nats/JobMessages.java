package io.custody.signer.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.nats.client.Message;
import java.time.Duration;
import java.util.Optional;

/** Reading jobs off the JOBS stream, and finishing them. */
final class JobMessages {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private JobMessages() {}

    /** Publishes the result, waits for the RESULTS stream to store it, then acks the job. */
    static void finish(NodeContext node, Message job, JobResult result) throws Exception {
        node.results().publish(result);
        job.ackSync(ACK_TIMEOUT);
    }

    /** What handles one job once it is parsed. */
    @FunctionalInterface
    interface ParsedJobHandler {
        void handle(Message message, Job job) throws Exception;
    }

    /** A puller's handler that parses the job first ({@link #parseOrTerminate}). */
    static JobPuller.Handler parsing(ParsedJobHandler handler) {
        return message -> {
            Optional<Job> job = parseOrTerminate(message);
            if (job.isPresent()) {
                handler.handle(message, job.get());
            }
        };
    }

    /**
     * The job in {@code message}; a payload that is not a Job is terminated (never redelivered),
     * since no retry can make it readable.
     */
    static Optional<Job> parseOrTerminate(Message message) {
        try {
            return Optional.of(Job.parseFrom(message.getData()));
        } catch (InvalidProtocolBufferException e) {
            message.term();
            return Optional.empty();
        }
    }
}

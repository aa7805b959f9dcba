package io.custody.cli.demo;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.nats.SubjectPlan;
import io.custody.proto.mpc.v1.JobResult;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.MessageConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Job results as the control plane receives them: the RESULTS stream's durable consumer
 * {@code control}, pulled in short requests, every message acknowledged once recorded.
 */
final class ResultInbox implements AutoCloseable {
    private static final ConsumeOptions PULLS = ConsumeOptions.builder().expiresIn(5_000).build();

    private final MessageConsumer consumer;
    private final Map<String, List<JobResult>> results = new ConcurrentHashMap<>();

    ResultInbox(Connection connection) {
        try {
            consumer = connection.getConsumerContext(SubjectPlan.RESULTS_STREAM, SubjectPlan.RESULTS_CONSUMER)
                    .consume(PULLS, message -> {
                        try {
                            JobResult result = JobResult.parseFrom(message.getData());
                            results.computeIfAbsent(result.getJobId(), id -> new CopyOnWriteArrayList<>()).add(result);
                        } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                            // not a result: acknowledged so it does not come back
                        }
                        message.ack();
                    });
        } catch (Exception e) {
            throw new ClusterFailure("cannot consume " + SubjectPlan.RESULTS_STREAM + "/"
                    + SubjectPlan.RESULTS_CONSUMER + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the job's results satisfy {@code done}; on timeout names what came in. */
    List<JobResult> await(String jobId, Predicate<List<JobResult>> done, Duration timeout, String what) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JobResult> current = List.copyOf(results.getOrDefault(jobId, List.of()));
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() > until) {
                throw new ClusterFailure(what + " did not complete within " + timeout.toSeconds() + " s; results so far: "
                        + DemoFlow.describe(current) + " (signer logs: `custodyctl dev status`, logs/signer-*.log)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterFailure("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            consumer.stop();
            consumer.close();
        } catch (Exception ignored) {
            // the connection closes next anyway
        }
    }
}

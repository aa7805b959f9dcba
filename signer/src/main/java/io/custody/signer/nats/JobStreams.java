package io.custody.signer.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Creates (idempotently) the JOBS stream (work queue, de-duplicated by {@code Nats-Msg-Id} =
 * job id), the RESULTS stream (de-duplicated by {@code jobId/node/attempt}), the shared sign
 * consumer and one filtered DKG consumer per node. In a deployment the control plane or the
 * config generator owns this; signers and tests call it so a fresh server works.
 */
public final class JobStreams {
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    public static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private JobStreams() {}

    public static void ensure(JetStreamManagement jsm, List<String> nodeIds) throws IOException, JetStreamApiException {
        addStream(jsm, StreamConfiguration.builder().name(Subjects.JOBS_STREAM).subjects(Subjects.JOBS)
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW).build());
        addStream(jsm, StreamConfiguration.builder().name(Subjects.RESULTS_STREAM).subjects(Subjects.RESULTS)
                .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW).build());
        jsm.addOrUpdateConsumer(Subjects.JOBS_STREAM, pull(Subjects.SIGN_CONSUMER, Subjects.SIGN_JOBS));
        for (String node : nodeIds) {
            jsm.addOrUpdateConsumer(Subjects.JOBS_STREAM,
                    pull(Subjects.dkgConsumer(node), Subjects.dkgJobs(Subjects.requireNodeId(node))));
        }
    }

    private static ConsumerConfiguration pull(String durable, String filter) {
        return ConsumerConfiguration.builder().durable(durable).filterSubject(filter).ackPolicy(AckPolicy.Explicit)
                .ackWait(ACK_WAIT).maxAckPending(1000).build();
    }

    private static void addStream(JetStreamManagement jsm, StreamConfiguration config)
            throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException notFound) {
            jsm.addStream(config);
        }
    }
}

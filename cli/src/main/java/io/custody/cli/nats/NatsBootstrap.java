package io.custody.cli.nats;

import io.custody.cli.CustodyCliException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates (or brings up to date) the JetStream streams and durable pull consumers of the
 * messaging plane, in the CONTROL account, with a control-plane user's connection. Idempotent:
 * run it at every control-plane start.
 *
 * <ul>
 *   <li>JOBS: work-queue retention (a message is gone once one consumer acks it), file storage,
 *       {@link #DUPLICATE_WINDOW} de-duplication on {@code Nats-Msg-Id} (= request id); consumers
 *       {@code node-<s>} (filter {@code custody.jobs.<s>.>}) and {@code pool}
 *       ({@code custody.jobs.pool.>}), all disjoint as a work-queue stream requires.
 *   <li>RESULTS: work-queue retention, same window (a node re-publishing a result after a crash is
 *       dropped), one consumer {@code control} shared by all control-plane instances.
 * </ul>
 */
public final class NatsBootstrap {

    /** How long a re-driven request id is recognised as a duplicate. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
    /** Unacked for this long = the puller is presumed dead; the job is redelivered. */
    public static final Duration ACK_WAIT = Duration.ofSeconds(30);
    /** In-flight jobs per node consumer; a node pulls only what it can run. */
    public static final long NODE_MAX_ACK_PENDING = 64;

    private final JetStreamManagement jsm;
    private final List<String> nodes;

    public NatsBootstrap(JetStreamManagement jsm, List<String> nodes) {
        this.jsm = Objects.requireNonNull(jsm, "jsm");
        this.nodes = List.copyOf(nodes);
    }

    public static StreamConfiguration jobsStream() {
        return StreamConfiguration.builder()
                .name(SubjectPlan.JOBS_STREAM)
                .subjects(SubjectPlan.JOBS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .discardPolicy(DiscardPolicy.New)
                .duplicateWindow(DUPLICATE_WINDOW)
                .denyDelete(true)
                .denyPurge(true)
                .build();
    }

    public static StreamConfiguration resultsStream() {
        return StreamConfiguration.builder()
                .name(SubjectPlan.RESULTS_STREAM)
                .subjects(SubjectPlan.RESULTS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .discardPolicy(DiscardPolicy.New)
                .duplicateWindow(DUPLICATE_WINDOW)
                .denyDelete(true)
                .denyPurge(true)
                .build();
    }

    public static ConsumerConfiguration nodeConsumer(String node) {
        return pull(SubjectPlan.nodeConsumer(node), SubjectPlan.nodeJobFilter(node), NODE_MAX_ACK_PENDING);
    }

    public static ConsumerConfiguration poolConsumer() {
        return pull(SubjectPlan.POOL_CONSUMER, SubjectPlan.poolJobFilter(), 1000);
    }

    public static ConsumerConfiguration resultsConsumer() {
        return pull(SubjectPlan.RESULTS_CONSUMER, null, 1000);
    }

    private static ConsumerConfiguration pull(String durable, String filter, long maxAckPending) {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(durable)
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(ACK_WAIT)
                .maxAckPending(maxAckPending);
        if (filter != null) {
            b.filterSubject(filter);
        }
        return b.build();
    }

    /** Creates or updates both streams and every consumer; returns the consumer names per stream. */
    public List<String> apply() {
        try {
            ensureStream(jobsStream());
            ensureStream(resultsStream());
            List<String> created = new ArrayList<>();
            for (String node : nodes) {
                created.add(SubjectPlan.JOBS_STREAM + "/"
                        + jsm.addOrUpdateConsumer(SubjectPlan.JOBS_STREAM, nodeConsumer(node)).getName());
            }
            created.add(SubjectPlan.JOBS_STREAM + "/"
                    + jsm.addOrUpdateConsumer(SubjectPlan.JOBS_STREAM, poolConsumer()).getName());
            created.add(SubjectPlan.RESULTS_STREAM + "/"
                    + jsm.addOrUpdateConsumer(SubjectPlan.RESULTS_STREAM, resultsConsumer()).getName());
            return List.copyOf(created);
        } catch (IOException | JetStreamApiException e) {
            throw new CustodyCliException.NatsFailure("JetStream bootstrap failed: " + e.getMessage(), e);
        }
    }

    private void ensureStream(StreamConfiguration config) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                jsm.addStream(config);
                return;
            }
            throw e;
        }
        jsm.updateStream(config);
    }
}

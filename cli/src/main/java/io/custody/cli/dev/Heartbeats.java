package io.custody.cli.dev;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.nats.SubjectPlan;
import io.custody.proto.mpc.v1.Heartbeat;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signer nodes' heartbeats as the control plane sees them: {@code custody.health.*}, each
 * accepted only on its own node's subject (every ~2 s per node).
 */
final class Heartbeats implements AutoCloseable {
    static final String SUBJECTS = "custody.health.*";

    private final Dispatcher dispatcher;
    private final Map<String, Heartbeat> latest = new ConcurrentHashMap<>();

    private Heartbeats(Connection connection) {
        dispatcher = connection.createDispatcher(message -> {
            try {
                Heartbeat beat = Heartbeat.parseFrom(message.getData());
                if (message.getSubject().equals(SubjectPlan.healthSubject(beat.getNodeId()))) {
                    latest.put(beat.getNodeId(), beat);
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                // not a heartbeat: not ours to judge here
            }
        });
        dispatcher.subscribe(SUBJECTS);
    }

    static Heartbeats watch(Connection connection) {
        return new Heartbeats(connection);
    }

    Optional<Heartbeat> latest(String node) {
        return Optional.ofNullable(latest.get(node));
    }

    /** Waits until every node has sent one; names the silent ones on timeout. */
    void awaitAll(Collection<String> nodes, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (!latest.keySet().containsAll(nodes)) {
            if (System.nanoTime() > until) {
                List<String> silent = nodes.stream().filter(n -> !latest.containsKey(n)).toList();
                throw new ClusterFailure("no heartbeat on " + SUBJECTS + " from " + String.join(", ", silent)
                        + " within " + timeout.toSeconds() + " s");
            }
            Readiness.sleep(100);
        }
    }

    /** Collects for {@code window} (a little more than one heartbeat interval). */
    void collect(Duration window) {
        Readiness.sleep(window.toMillis());
    }

    @Override
    public void close() {
        dispatcher.unsubscribe(SUBJECTS);
    }
}

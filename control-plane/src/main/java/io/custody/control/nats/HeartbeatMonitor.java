package io.custody.control.nats;

import io.custody.proto.mpc.v1.Heartbeat;
import io.custody.proto.nats.NatsSubjects;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last heartbeat of each configured node, as received on {@code custody.health.*} (exported
 * from SIGNERS to CONTROL). A heartbeat counts only on its own node's subject. In memory: after a
 * control-plane restart nodes read as unreachable until their next heartbeat (every 2 s).
 */
public final class HeartbeatMonitor implements AutoCloseable {

    /** A heartbeat and when it arrived here (the node's own clock is not trusted for liveness). */
    public record LastBeat(Heartbeat heartbeat, Instant received) {}

    private final Map<String, LastBeat> last = new ConcurrentHashMap<>();
    private final Set<String> nodes;
    private final Clock clock;
    private Dispatcher dispatcher;
    private Connection connection;

    public HeartbeatMonitor(Set<String> nodes, Clock clock) {
        this.nodes = Set.copyOf(nodes);
        this.clock = clock;
    }

    public HeartbeatMonitor start(Connection connection) {
        this.connection = connection;
        dispatcher = connection.createDispatcher(message -> {
            try {
                Heartbeat beat = Heartbeat.parseFrom(message.getData());
                if (nodes.contains(beat.getNodeId())
                        && message.getSubject().equals(NatsSubjects.healthSubject(beat.getNodeId()))) {
                    last.put(beat.getNodeId(), new LastBeat(beat, clock.instant()));
                }
            } catch (Exception ignored) {
                // not a heartbeat: nothing to record
            }
        });
        dispatcher.subscribe(NatsSubjects.healthSubject("*"));
        return this;
    }

    public Optional<LastBeat> last(String node) {
        return Optional.ofNullable(last.get(node));
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
    }
}

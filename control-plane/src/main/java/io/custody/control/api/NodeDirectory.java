package io.custody.control.api;

import com.google.protobuf.Timestamp;
import io.custody.control.nats.HeartbeatMonitor;
import io.custody.proto.admin.v1.Node;
import io.custody.proto.admin.v1.NodeHealth;
import io.custody.proto.enclave.v1.EnclaveState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's signer nodes as operators see them: every configured node, its health from
 * its last heartbeat (HEALTHY when one arrived within the liveness window and its enclave is
 * ready). Peer bans are not tracked yet, so {@code peer_bans} is empty.
 */
public final class NodeDirectory {

    /** Three missed heartbeats (nodes send one every 2 s). */
    public static final Duration LIVENESS = Duration.ofSeconds(6);

    private final List<String> nodes;
    private final HeartbeatMonitor heartbeats;
    private final Clock clock;

    public NodeDirectory(List<String> nodes, HeartbeatMonitor heartbeats, Clock clock) {
        this.nodes = nodes.stream().sorted().toList();
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    public List<Node> all() {
        return nodes.stream().map(this::node).toList();
    }

    public Optional<Node> get(String nodeId) {
        return nodes.contains(nodeId) ? Optional.of(node(nodeId)) : Optional.empty();
    }

    private Node node(String nodeId) {
        Node.Builder b = Node.newBuilder().setNodeId(nodeId).setHealth(NodeHealth.NODE_HEALTH_UNREACHABLE);
        heartbeats.last(nodeId).ifPresent(last -> {
            Instant received = last.received();
            b.setLastHeartbeatTime(Timestamp.newBuilder().setSeconds(received.getEpochSecond())
                    .setNanos(received.getNano()));
            b.setFreeSessionSlots(last.heartbeat().getFreeSessionSlots());
            b.setEnclavePcr0(last.heartbeat().getEnclavePcr0());
            if (received.plus(LIVENESS).isAfter(clock.instant())) {
                b.setHealth(last.heartbeat().getEnclaveState() == EnclaveState.ENCLAVE_STATE_READY
                        ? NodeHealth.NODE_HEALTH_HEALTHY : NodeHealth.NODE_HEALTH_ENCLAVE_FAILED);
            }
        });
        return b.build();
    }
}

package io.custody.signer.nats;

import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.enclave.v1.StatusResponse;
import io.custody.proto.mpc.v1.Heartbeat;
import io.custody.proto.nats.NatsSubjects;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.session.SessionSlots;
import io.nats.client.Connection;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's liveness and capacity on {@code custody.health.<node>} (core NATS, exported to the
 * control planes), first at start and then every {@link #INTERVAL}: free session slots and the
 * enclave's state and PCR0 as its status request reports them. An enclave that does not answer is
 * reported as {@code ENCLAVE_STATE_UNSPECIFIED}; a node that publishes nothing is dead or cut off.
 * Informational: quorums are formed from the holders that accept a proposal, not from heartbeats.
 */
final class HeartbeatPublisher implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(HeartbeatPublisher.class.getName());

    private final Connection connection;
    private final String self;
    private final EnclaveClient enclave;
    private final SessionSlots slots;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("heartbeat").factory());

    HeartbeatPublisher(Connection connection, String self, EnclaveClient enclave, SessionSlots slots) {
        this.connection = connection;
        this.self = self;
        this.enclave = enclave;
        this.slots = slots;
    }

    HeartbeatPublisher start() {
        timer.scheduleAtFixedRate(this::beat, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void beat() {
        Heartbeat.Builder heartbeat = Heartbeat.newBuilder().setNodeId(self)
                .setUnixMillis(System.currentTimeMillis()).setFreeSessionSlots(slots.free());
        try {
            StatusResponse status = enclave.status();
            heartbeat.setEnclaveState(status.getState()).setEnclavePcr0(status.getPcr0());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception unreachable) {
            heartbeat.setEnclaveState(EnclaveState.ENCLAVE_STATE_UNSPECIFIED);
        }
        try {
            connection.publish(NatsSubjects.healthSubject(self), TraceContext.headers(),
                    heartbeat.build().toByteArray());
        } catch (RuntimeException e) { // disconnected: the next beat tries again
            LOG.log(Level.DEBUG, "heartbeat not sent: {0}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

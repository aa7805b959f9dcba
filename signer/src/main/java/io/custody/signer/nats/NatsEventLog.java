package io.custody.signer.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import java.lang.System.Logger.Level;

/**
 * What the NATS client reports about a node's connection, in the node's log: disconnects and
 * reconnects (jnats reconnects by itself, without limit; JetStream pulls resume and unacked jobs
 * come back after {@code ack_wait}), and slow consumers — a subscription whose pending messages
 * exceeded its limits has dropped messages. A dropped round message makes its session time out
 * and fail by the retry rule (docs/mpc-protocol.md); a dropped control message is a proposal that
 * got no answer. Both are visible here with the subject and the running drop count.
 */
final class NatsEventLog implements ErrorListener, ConnectionListener {
    private static final System.Logger LOG = System.getLogger(NatsEventLog.class.getName());

    private final String nodeId;

    NatsEventLog(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void connectionEvent(Connection connection, Events event) {
        Level level = event == Events.DISCONNECTED || event == Events.CLOSED ? Level.WARNING : Level.INFO;
        LOG.log(level, "{0}: NATS {1}", nodeId, event.getEvent());
    }

    @Override
    public void slowConsumerDetected(Connection connection, Consumer consumer) {
        LOG.log(Level.WARNING, "{0}: slow consumer, {1} messages dropped so far (pending {2})", nodeId,
                consumer.getDroppedCount(), consumer.getPendingMessageCount());
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        LOG.log(Level.WARNING, "{0}: NATS server error: {1}", nodeId, error);
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exception) {
        LOG.log(Level.WARNING, "{0}: NATS client exception: {1}", nodeId, exception.toString());
    }
}

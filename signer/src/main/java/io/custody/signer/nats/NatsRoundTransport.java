package io.custody.signer.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.mpc.v1.RoundMessage;
import io.custody.signer.session.Mailboxes;
import io.custody.signer.session.RoundTransport;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;

/**
 * Round messages over core NATS: publish to {@code custody.rounds.<session hex>.<to node>},
 * receive on {@code custody.rounds.*.<this node>} and route by session id into the node's
 * {@link Mailboxes}. At most once, like the network: the session's phase timeout covers loss.
 */
public final class NatsRoundTransport implements RoundTransport, AutoCloseable {
    private final Connection connection;
    private final String selfNodeId;
    private final Mailboxes mailboxes;
    private Dispatcher dispatcher;

    public NatsRoundTransport(Connection connection, String selfNodeId, Mailboxes mailboxes) {
        this.connection = connection;
        this.selfNodeId = Subjects.requireNodeId(selfNodeId);
        this.mailboxes = mailboxes;
    }

    public NatsRoundTransport start() {
        dispatcher = connection.createDispatcher(message -> {
            try {
                mailboxes.deliver(RoundMessage.parseFrom(message.getData()));
            } catch (InvalidProtocolBufferException malformed) {
                // dropped: the relay path is untrusted
            }
        });
        dispatcher.subscribe(Subjects.roundsFor(selfNodeId));
        return this;
    }

    @Override
    public void send(String toNodeId, RoundMessage message) {
        connection.publish(Subjects.round(message.getSessionId().toByteArray(), toNodeId), TraceContext.headers(),
                message.toByteArray());
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
    }
}

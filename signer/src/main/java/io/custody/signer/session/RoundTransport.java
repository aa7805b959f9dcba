package io.custody.signer.session;

import io.custody.proto.mpc.v1.RoundMessage;

/**
 * Moves round messages between parent hosts. Delivery is best effort: messages may be lost,
 * duplicated or reordered; the {@link Mailbox} de-duplicates and the phase timeout covers loss.
 * Inbound messages go to the receiving node's {@link Mailboxes}.
 */
public interface RoundTransport {
    void send(String toNodeId, RoundMessage message);
}

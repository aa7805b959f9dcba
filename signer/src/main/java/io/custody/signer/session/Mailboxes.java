package io.custody.signer.session;

import com.google.protobuf.ByteString;
import io.custody.proto.mpc.v1.RoundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's mailboxes, one per session id. The transport {@link #deliver}s every inbound round
 * message here; a session {@link #open}s its mailbox when it starts, which may be after its
 * first messages arrived (a faster peer started first). Mailboxes no session claims expire
 * after {@code unclaimedTtl}, and at most {@code maxMailboxes} exist at once.
 */
public final class Mailboxes {
    private static final int SESSION_ID_BYTES = 32;

    private final String selfNodeId;
    private final int maxMailboxes;
    private final Duration unclaimedTtl;
    private final Map<ByteString, Mailbox> boxes = new ConcurrentHashMap<>();

    public Mailboxes(String selfNodeId, int maxMailboxes, Duration unclaimedTtl) {
        this.selfNodeId = selfNodeId;
        this.maxMailboxes = maxMailboxes;
        this.unclaimedTtl = unclaimedTtl;
    }

    /** Routes one inbound message by session id; anything not addressed to this node is dropped. */
    public boolean deliver(RoundMessage message) {
        if (!selfNodeId.equals(message.getToNodeId()) || message.getSessionId().size() != SESSION_ID_BYTES) {
            return false;
        }
        Mailbox box = boxes.get(message.getSessionId());
        if (box == null) {
            if (boxes.size() >= maxMailboxes) {
                purgeExpired();
                if (boxes.size() >= maxMailboxes) {
                    return false;
                }
            }
            box = boxes.computeIfAbsent(message.getSessionId(), Mailbox::new);
        }
        return box.offer(message);
    }

    Mailbox open(byte[] sessionId) {
        Mailbox box = boxes.computeIfAbsent(ByteString.copyFrom(sessionId), Mailbox::new);
        box.claim();
        return box;
    }

    void close(byte[] sessionId) {
        boxes.remove(ByteString.copyFrom(sessionId));
    }

    public void purgeExpired() {
        Instant now = Instant.now();
        boxes.values().removeIf(box -> box.expired(now, unclaimedTtl));
    }

    public int size() {
        return boxes.size();
    }
}

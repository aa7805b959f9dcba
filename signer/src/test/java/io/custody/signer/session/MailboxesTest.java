package io.custody.signer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.PeerEnvelope;
import io.custody.proto.mpc.v1.RoundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailboxesTest {
    private static final byte[] SESSION = new byte[32];
    private static final Map<Integer, String> OTHERS = Map.of(2, "node-2", 3, "node-3");

    private static RoundMessage message(String from, int sender, int phase, int count, int sequence) {
        RoundMessage.Builder message = RoundMessage.newBuilder().setSessionId(ByteString.copyFrom(SESSION))
                .setFromNodeId(from).setToNodeId("node-1").setPhase(phase).setEnvelopeCount(count);
        if (count > 0) {
            message.setEnvelope(PeerEnvelope.newBuilder().setSessionId(ByteString.copyFrom(SESSION)).setPhase(phase)
                    .setSender(sender).setRecipient(sequence % 2 == 0 ? 0 : 1).setSequence(sequence));
        }
        return message.build();
    }

    @Test
    void earlyMessagesWaitForTheSessionAndDuplicatesAreDropped() throws Exception {
        Mailboxes boxes = new Mailboxes("node-1", 16, Duration.ofMinutes(1));
        assertTrue(boxes.deliver(message("node-2", 2, 1, 2, 0)));
        assertFalse(boxes.deliver(message("node-2", 2, 1, 2, 0)), "exact duplicate");
        assertTrue(boxes.deliver(message("node-2", 2, 1, 2, 1)));
        assertTrue(boxes.deliver(message("node-3", 3, 2, 1, 0)), "a later phase is buffered");
        boxes.deliver(message("node-3", 3, 1, 0, 0));
        Mailbox box = boxes.open(SESSION);
        assertEquals(2, box.await(1, OTHERS, 1, Instant.now().plusSeconds(1)).size());
        assertEquals(0, box.await(2, Map.of(3, "node-3"), 1, Instant.now().plusSeconds(1)).size() - 1);
    }

    @Test
    void aMissingSenderIsNamedAtTheTimeout() {
        Mailboxes boxes = new Mailboxes("node-1", 16, Duration.ofMinutes(1));
        boxes.deliver(message("node-2", 2, 1, 1, 0));
        Mailbox box = boxes.open(SESSION);
        MissingMessagesException e = assertThrows(MissingMessagesException.class,
                () -> box.await(1, OTHERS, 1, Instant.now().plusMillis(100)));
        assertEquals(Map.of(3, "node-3"), e.missing());
    }

    @Test
    void messagesForAnotherNodeOrWithAWrongSenderDoNotCount() {
        Mailboxes boxes = new Mailboxes("node-1", 16, Duration.ofMinutes(1));
        assertFalse(boxes.deliver(message("node-2", 2, 1, 1, 0).toBuilder().setToNodeId("node-9").build()));
        boxes.deliver(message("node-2", 3, 1, 1, 0)); // envelope claims party 3 but came as node-2
        boxes.deliver(message("node-3", 3, 1, 0, 0));
        Mailbox box = boxes.open(SESSION);
        assertThrows(MissingMessagesException.class, () -> box.await(1, OTHERS, 1, Instant.now().plusMillis(50)));
    }
}

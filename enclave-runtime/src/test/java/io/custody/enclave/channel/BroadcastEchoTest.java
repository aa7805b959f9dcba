package io.custody.enclave.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BroadcastEchoTest {

    private static final int PHASE = 1;

    private final Parties parties = Parties.create();

    private Envelope broadcastOf(int party, String payload) {
        return parties.channel(party).signBroadcast(PHASE, 0, payload.getBytes(UTF_8), new byte[0]);
    }

    @Test
    void digestDoesNotDependOnArrivalOrder() {
        Envelope b1 = broadcastOf(1, "c1");
        Envelope b2 = broadcastOf(2, "c2");
        Envelope b3 = broadcastOf(3, "c3");
        byte[] ordered = BroadcastEcho.digest(List.of(b1, b2, b3), Parties.ALL);
        assertArrayEquals(ordered, BroadcastEcho.digest(List.of(b3, b1, b2), Parties.ALL));
        assertArrayEquals(ordered, BroadcastEcho.digest(List.of(b2, b3, b1), Parties.ALL));
        assertEquals(32, ordered.length);
    }

    @Test
    void digestChangesWhenOneBroadcastDiffers() {
        Envelope b1 = broadcastOf(1, "c1");
        Envelope b2 = broadcastOf(2, "c2");
        byte[] honest = BroadcastEcho.digest(List.of(b1, b2, broadcastOf(3, "c3")), Parties.ALL);
        byte[] other = BroadcastEcho.digest(List.of(b1, b2, broadcastOf(3, "c3 but different")), Parties.ALL);
        assertFalse(Arrays.equals(honest, other));
    }

    @Test
    void digestMatchesTheDocumentedLayout() throws Exception {
        List<Envelope> set = List.of(broadcastOf(2, "b"), broadcastOf(1, "a"), broadcastOf(3, "c"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] tag = "custody/peer-channel/v1/echo".getBytes(UTF_8);
        expected.writeBytes(ByteBuffer.allocate(4).putInt(28).array());
        expected.writeBytes(tag);
        expected.writeBytes(ByteBuffer.allocate(4 + 32 + 4 + 4 + 4)
                .putInt(32).put(parties.sessionId).putInt(Parties.PROTOCOL).putInt(PHASE).putInt(3).array());
        for (int sender = 1; sender <= 3; sender++) {
            Envelope e = set.get(sender == 1 ? 1 : sender == 2 ? 0 : 2);
            expected.writeBytes(ByteBuffer.allocate(4 + 4 + 4 + 32 + 4 + 64)
                    .putInt(108).putInt(sender)
                    .putInt(32).put(MessageDigest.getInstance("SHA-256").digest(e.payload()))
                    .putInt(64).put(e.signature()).array());
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()),
                BroadcastEcho.digest(set, Parties.ALL));
    }

    @Test
    void digestRequiresExactlyOneBroadcastPerParty() {
        Envelope b1 = broadcastOf(1, "c1");
        Envelope b2 = broadcastOf(2, "c2");
        Envelope b3 = broadcastOf(3, "c3");
        assertThrows(IllegalArgumentException.class, () -> BroadcastEcho.digest(List.of(b1, b2), Parties.ALL));
        assertThrows(IllegalArgumentException.class, () -> BroadcastEcho.digest(List.of(b1, b2, b2), Parties.ALL));
        assertThrows(IllegalArgumentException.class, () -> BroadcastEcho.digest(List.of(b1, b2, b3), Set.of(1, 2, 4)));
        Envelope otherPhase = parties.channel(3).signBroadcast(PHASE + 1, 0, new byte[1], new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> BroadcastEcho.digest(List.of(b1, b2, otherPhase), Parties.ALL));
        Envelope direct = parties.channel(3).sealDirect(PHASE, 1, 0, new byte[1]);
        assertThrows(IllegalArgumentException.class, () -> BroadcastEcho.digest(List.of(b1, b2, direct), Parties.ALL));
    }

    @Test
    void checkNamesThePeerWhoseViewDiffers() {
        byte[] local = BroadcastEcho.digest(List.of(broadcastOf(1, "c1"), broadcastOf(2, "c2"), broadcastOf(3, "c3")), Parties.ALL);
        assertDoesNotThrow(() -> BroadcastEcho.check(3, PHASE, local, local.clone()));
        EquivocationException e = assertThrows(EquivocationException.class,
                () -> BroadcastEcho.check(3, PHASE, local, Edit.flipBit(local, 0)));
        assertEquals(3, e.peer());
        assertEquals(PHASE, e.phase());
        assertThrows(EquivocationException.class, () -> BroadcastEcho.check(2, PHASE, local, new byte[0]));
    }

    /** The relay shows party 3's broadcast to party 1 and a different one to party 2. */
    @Test
    void relayEquivocationIsCaughtInTheNextPhase() throws ChannelException {
        Envelope b1 = broadcastOf(1, "c1");
        Envelope b2 = broadcastOf(2, "c2");
        Envelope b3 = broadcastOf(3, "c3");
        // Party 3 is dishonest here (it signs twice), or the relay had help; both must be caught.
        Envelope b3Forked = broadcastOf(3, "c3 forked");

        parties.channel(1).verifyBroadcast(b3);
        parties.channel(2).verifyBroadcast(b3Forked);
        byte[] seenByOne = BroadcastEcho.digest(List.of(b1, b2, b3), Parties.ALL);
        byte[] seenByTwo = BroadcastEcho.digest(List.of(b1, b2, b3Forked), Parties.ALL);

        Envelope echoFromTwo = parties.channel(2).sealDirect(PHASE + 1, 1, 0, "round 2".getBytes(UTF_8), seenByTwo);
        parties.channel(1).openDirect(echoFromTwo);
        EquivocationException e = assertThrows(EquivocationException.class,
                () -> BroadcastEcho.check(echoFromTwo, PHASE, seenByOne));
        assertEquals(2, e.peer());

        Envelope echoFromThree = parties.channel(3).sealDirect(PHASE + 1, 1, 0, "round 2".getBytes(UTF_8), seenByOne);
        parties.channel(1).openDirect(echoFromThree);
        assertDoesNotThrow(() -> BroadcastEcho.check(echoFromThree, PHASE, seenByOne));
    }
}

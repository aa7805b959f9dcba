package io.custody.enclave.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionChannelTest {

    private static final byte[] SECRET = "round-2 share for you only".getBytes(UTF_8);
    private static final byte[] ECHO = Edit.filled(32, 0x5a);

    private final Parties parties = Parties.create();

    @Test
    void everyPairExchangesDirectMessagesBothWays() throws ChannelException {
        for (int from : Parties.ALL) {
            for (int to : Parties.ALL) {
                if (from == to) {
                    continue;
                }
                byte[] plaintext = ("from " + from + " to " + to).getBytes(UTF_8);
                Envelope sealed = parties.channel(from).sealDirect(3, to, 7, plaintext, ECHO);
                assertEquals(from, sealed.sender());
                assertEquals(to, sealed.recipient());
                assertEquals(0, sealed.signature().length);
                assertEquals(SessionChannel.NONCE_BYTES + plaintext.length + SessionChannel.TAG_BYTES, sealed.payload().length);
                assertArrayEquals(plaintext, parties.channel(to).openDirect(sealed));
            }
        }
    }

    @Test
    void ciphertextHidesPlaintextAndNoncesAreFresh() {
        Envelope a = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        Envelope b = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        assertFalse(new String(a.payload(), UTF_8).contains("share"));
        assertFalse(java.util.Arrays.equals(a.payload(), b.payload()));
    }

    @Test
    void everyPartyVerifiesEveryOthersBroadcast() throws ChannelException {
        for (int from : Parties.ALL) {
            byte[] payload = ("commitment of " + from).getBytes(UTF_8);
            Envelope signed = parties.channel(from).signBroadcast(1, 0, payload, new byte[0]);
            assertTrue(signed.isBroadcast());
            assertEquals(Envelope.SIGNATURE_BYTES, signed.signature().length);
            for (int to : Parties.ALL) {
                if (to != from) {
                    assertArrayEquals(payload, parties.channel(to).verifyBroadcast(signed));
                }
            }
        }
    }

    static Stream<Arguments> directTampering() {
        return Stream.of(
                tamper("session id", e -> Edit.sessionId(e, Parties.randomSessionId()), WrongSessionException.class),
                tamper("protocol", e -> Edit.protocol(e, e.protocol() + 1), WrongSessionException.class),
                tamper("phase", e -> Edit.phase(e, e.phase() + 1), AuthenticationFailedException.class),
                tamper("sender to other peer", e -> Edit.sender(e, 3), AuthenticationFailedException.class),
                tamper("recipient", e -> Edit.recipient(e, 3), MisdirectedMessageException.class),
                tamper("recipient to broadcast", e -> Edit.recipient(e, 0), MisdirectedMessageException.class),
                tamper("sequence", e -> Edit.sequence(e, e.sequence() + 1), AuthenticationFailedException.class),
                tamper("nonce bit", e -> Edit.payload(e, Edit.flipBit(e.payload(), 0)), AuthenticationFailedException.class),
                tamper("ciphertext bit", e -> Edit.payload(e, Edit.flipBit(e.payload(), SessionChannel.NONCE_BYTES)),
                        AuthenticationFailedException.class),
                tamper("tag bit", e -> Edit.payload(e, Edit.flipBit(e.payload(), e.payload().length - 1)),
                        AuthenticationFailedException.class),
                tamper("truncated payload", e -> Edit.payload(e, java.util.Arrays.copyOf(e.payload(), 27)),
                        AuthenticationFailedException.class),
                tamper("echo digest changed", e -> Edit.echoDigest(e, Edit.flipBit(e.echoDigest(), 31)),
                        AuthenticationFailedException.class),
                tamper("echo digest removed", e -> Edit.echoDigest(e, new byte[0]), AuthenticationFailedException.class),
                tamper("signature added", e -> Edit.signature(e, new byte[64]), AuthenticationFailedException.class));
    }

    @ParameterizedTest(name = "direct: {0}")
    @MethodSource("directTampering")
    void tamperedDirectMessageIsRefused(String field, UnaryOperator<Envelope> edit, Class<? extends ChannelException> expected) {
        Envelope sealed = parties.channel(1).sealDirect(2, 2, 5, SECRET, ECHO);
        Envelope tampered = edit.apply(sealed);
        ChannelException e = assertThrows(expected, () -> parties.channel(2).openDirect(tampered));
        assertEquals(tampered.sender(), e.claimedSender());
        assertFalse(e.getMessage().contains("share"), "plaintext must not leak into exceptions");
    }

    static Stream<Arguments> broadcastTampering() {
        return Stream.of(
                tamper("session id", e -> Edit.sessionId(e, Parties.randomSessionId()), WrongSessionException.class),
                tamper("protocol", e -> Edit.protocol(e, e.protocol() + 1), WrongSessionException.class),
                tamper("phase", e -> Edit.phase(e, e.phase() + 1), AuthenticationFailedException.class),
                tamper("sender", e -> Edit.sender(e, 3), AuthenticationFailedException.class),
                tamper("recipient", e -> Edit.recipient(e, 2), MisdirectedMessageException.class),
                tamper("sequence", e -> Edit.sequence(e, e.sequence() + 1), AuthenticationFailedException.class),
                tamper("payload bit", e -> Edit.payload(e, Edit.flipBit(e.payload(), 0)), AuthenticationFailedException.class),
                tamper("payload extended", e -> Edit.payload(e, java.util.Arrays.copyOf(e.payload(), e.payload().length + 1)),
                        AuthenticationFailedException.class),
                tamper("echo digest changed", e -> Edit.echoDigest(e, Edit.flipBit(e.echoDigest(), 0)),
                        AuthenticationFailedException.class),
                tamper("echo digest removed", e -> Edit.echoDigest(e, new byte[0]), AuthenticationFailedException.class),
                tamper("signature bit", e -> Edit.signature(e, Edit.flipBit(e.signature(), 10)), AuthenticationFailedException.class),
                tamper("signature s bit", e -> Edit.signature(e, Edit.flipBit(e.signature(), 63)), AuthenticationFailedException.class),
                tamper("signature removed", e -> Edit.signature(e, new byte[0]), AuthenticationFailedException.class));
    }

    @ParameterizedTest(name = "broadcast: {0}")
    @MethodSource("broadcastTampering")
    void tamperedBroadcastIsRefused(String field, UnaryOperator<Envelope> edit, Class<? extends ChannelException> expected) {
        Envelope signed = parties.channel(1).signBroadcast(2, 4, "public commitment".getBytes(UTF_8), ECHO);
        Envelope tampered = edit.apply(signed);
        ChannelException e = assertThrows(expected, () -> parties.channel(2).verifyBroadcast(tampered));
        assertEquals(tampered.sender(), e.claimedSender());
    }

    @Test
    void messageForPartyTwoIsRefusedByPartyThree() {
        Envelope forTwo = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        MisdirectedMessageException e = assertThrows(MisdirectedMessageException.class, () -> parties.channel(3).openDirect(forTwo));
        assertEquals(2, e.recipient());
        assertEquals(1, e.claimedSender());
        // Re-addressed to party 3 by the relay, it still does not open: 3 lacks the 1->2 key.
        assertThrows(AuthenticationFailedException.class, () -> parties.channel(3).openDirect(Edit.recipient(forTwo, 3)));
    }

    @Test
    void reflectedMessageIsRefused() {
        Envelope twoToOne = parties.channel(2).sealDirect(1, 1, 0, SECRET);
        Envelope reflected = Edit.recipient(Edit.sender(twoToOne, 1), 2);
        assertThrows(AuthenticationFailedException.class, () -> parties.channel(2).openDirect(reflected));
        assertThrows(MisdirectedMessageException.class, () -> parties.channel(2).openDirect(twoToOne));
    }

    @Test
    void replayIntoAnotherSessionIsRefused() throws ChannelException {
        Parties other = parties.newSession();
        Envelope direct = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        Envelope broadcast = parties.channel(1).signBroadcast(1, 0, SECRET, new byte[0]);

        assertThrows(WrongSessionException.class, () -> other.channel(2).openDirect(direct));
        assertThrows(WrongSessionException.class, () -> other.channel(2).verifyBroadcast(broadcast));
        // Relabelled with the other session's id, the key (salt) and the AAD both differ.
        assertThrows(AuthenticationFailedException.class,
                () -> other.channel(2).openDirect(Edit.sessionId(direct, other.sessionId)));
        assertThrows(AuthenticationFailedException.class,
                () -> other.channel(2).verifyBroadcast(Edit.sessionId(broadcast, other.sessionId)));
        // Same enclaves, same pair: only the session id separates the keys.
        assertFalse(parties.channel(1).sendKey(2).sameKeyAs(other.channel(1).sendKey(2)));
        assertArrayEquals(SECRET, other.channel(2).openDirect(other.channel(1).sealDirect(1, 2, 0, SECRET)));
    }

    @Test
    void unknownSenderIsRefused() {
        Envelope direct = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        Envelope broadcast = parties.channel(1).signBroadcast(1, 0, SECRET, new byte[0]);
        assertEquals(4, assertThrows(UnknownPeerException.class, () -> parties.channel(2).openDirect(Edit.sender(direct, 4))).claimedSender());
        assertThrows(UnknownPeerException.class, () -> parties.channel(2).verifyBroadcast(Edit.sender(broadcast, 4)));
        // A message claiming to come from the receiving party itself.
        assertThrows(UnknownPeerException.class, () -> parties.channel(2).openDirect(Edit.sender(direct, 2)));
        assertThrows(UnknownPeerException.class, () -> parties.channel(1).verifyBroadcast(broadcast));
    }

    @Test
    void eachDirectionHasItsOwnKey() {
        SessionChannel one = parties.channel(1);
        SessionChannel two = parties.channel(2);
        assertTrue(one.sendKey(2).sameKeyAs(two.receiveKey(1)));
        assertTrue(two.sendKey(1).sameKeyAs(one.receiveKey(2)));
        assertFalse(one.sendKey(2).sameKeyAs(one.receiveKey(2)));
        assertFalse(one.sendKey(2).sameKeyAs(one.sendKey(3)));

        // A 1->2 ciphertext relabelled as 2->1 does not open at party 1.
        Envelope oneToTwo = one.sealDirect(1, 2, 0, SECRET);
        assertThrows(AuthenticationFailedException.class, () -> one.openDirect(Edit.recipient(Edit.sender(oneToTwo, 2), 1)));
    }

    @Test
    void wrongPathIsMisdirected() {
        Envelope direct = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        Envelope broadcast = parties.channel(1).signBroadcast(1, 0, SECRET, new byte[0]);
        assertThrows(MisdirectedMessageException.class, () -> parties.channel(2).openDirect(broadcast));
        assertThrows(MisdirectedMessageException.class, () -> parties.channel(2).verifyBroadcast(direct));
    }

    @Test
    void refusalBlamesNobodyOutright() {
        Envelope sealed = parties.channel(1).sealDirect(1, 2, 0, SECRET);
        ChannelException e = assertThrows(ChannelException.class,
                () -> parties.channel(2).openDirect(Edit.sequence(sealed, 9)));
        assertTrue(e.getMessage().contains("claiming sender 1"), e.getMessage());
        assertTrue(e.getMessage().contains("relay"), e.getMessage());
    }

    @Test
    void closeZeroesKeysAndRefusesFurtherUse() {
        SessionChannel one = parties.channel(1);
        Envelope fromTwo = parties.channel(2).sealDirect(1, 1, 0, SECRET);
        DirectionKey send = one.sendKey(2);
        DirectionKey receive = one.receiveKey(2);
        one.close();
        assertTrue(send.isDestroyed());
        assertTrue(receive.isDestroyed());
        assertThrows(IllegalStateException.class, () -> one.sealDirect(1, 2, 0, SECRET));
        assertThrows(IllegalStateException.class, () -> one.openDirect(fromTwo));
        assertThrows(IllegalStateException.class, () -> one.signBroadcast(1, 0, SECRET, new byte[0]));
        one.close();
    }

    @Test
    void sealingForANonPeerIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> parties.channel(1).sealDirect(1, 1, 0, SECRET));
        assertThrows(IllegalArgumentException.class, () -> parties.channel(1).sealDirect(1, 4, 0, SECRET));
        assertThrows(IllegalArgumentException.class, () -> parties.channel(1).sealDirect(1, 2, 0, SECRET, new byte[31]));
    }

    @Test
    void constructorRefusesInconsistentPeers() {
        byte[] sid = parties.sessionId;
        Map<Integer, PeerKeys> withSelf = parties.peersOf(2);
        withSelf.put(1, parties.keysOf(1));
        assertThrows(IllegalArgumentException.class,
                () -> new SessionChannel(sid, 1, 1, parties.identity(1), withSelf));
        assertThrows(IllegalArgumentException.class,
                () -> new SessionChannel(sid, 1, 1, parties.identity(1), Map.of(2, parties.keysOf(3))));
        assertThrows(IllegalArgumentException.class,
                () -> new SessionChannel(sid, 1, 1, parties.identity(1), Map.of(2, new PeerKeys(2,
                        parties.identity(1).x25519().getPublic(), parties.identity(2).ed25519().getPublic()))));
        assertThrows(IllegalArgumentException.class,
                () -> new SessionChannel(sid, 1, 1, parties.identity(1), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new SessionChannel(new byte[0], 1, 1, parties.identity(1), parties.peersOf(1)));
    }

    @Test
    void toStringHidesKeys() {
        SessionChannel one = parties.channel(1);
        assertEquals("DirectionKey[hidden]", one.sendKey(2).toString());
        assertTrue(one.toString().contains("keys hidden"));
    }

    private static Arguments tamper(String name, UnaryOperator<Envelope> edit, Class<? extends ChannelException> expected) {
        return Arguments.of(name, edit, expected);
    }
}

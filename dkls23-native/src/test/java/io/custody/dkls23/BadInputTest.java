package io.custody.dkls23;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.dkls23.local.LocalParties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input gives a typed exception, never a crash, and leaves no native handle behind. */
class BadInputTest {
    private long handlesBefore;

    @BeforeEach
    void countHandles() {
        Wallets.threeOfFive();
        handlesBefore = Dkls23.liveHandles();
    }

    @AfterEach
    void nothingLeaked() {
        assertEquals(handlesBefore, Dkls23.liveHandles(), "native handles leaked");
    }

    private static List<KeyShare> quorum123() {
        return Wallets.parties(Wallets.threeOfFive(), 1, 2, 3);
    }

    @Test
    void phasesOutOfOrder() {
        try (DkgSession dkg = DkgSession.start(3, 5, 1, Wallets.randomId())) {
            assertThrows(PhaseOrderException.class, () -> dkg.phase(2, List.of()));
            // The failed call closed the session: it never resumes.
            assertThrows(PhaseOrderException.class, () -> dkg.phase(1, List.of()));
        }
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(PhaseOrderException.class, () -> run.session(0).finish(List.of()));
        }
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            run.session(0).phase(1, List.of());
            assertThrows(PhaseOrderException.class, () -> run.session(0).phase(1, List.of()));
        }
    }

    @ParameterizedTest(name = "phase {0}")
    @ValueSource(ints = {0, 4, 255})
    void phaseNumbersOutsideTheProtocol(int phase) {
        try (DkgSession dkg = DkgSession.start(2, 3, 1, Wallets.randomId())) {
            assertThrows(PhaseOrderException.class, () -> dkg.phase(phase, List.of()));
        }
    }

    @Test
    void truncatedMessage() {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(MalformedMessageException.class, () -> run.runAll(2, inbox -> replaceFirst(inbox,
                    m -> new ProtocolMessage(m.from(), m.to(), Arrays.copyOf(m.payload(), m.payloadLength() / 2)))));
        }
    }

    @Test
    void emptyPayload() {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(MalformedMessageException.class, () -> run.runAll(2,
                    inbox -> replaceFirst(inbox, m -> new ProtocolMessage(m.from(), m.to(), new byte[0]))));
        }
    }

    @ParameterizedTest(name = "byte flipped in a phase-{0} message")
    @ValueSource(ints = {2, 3, 4})
    void corruptedMessageNeverYieldsASignature(int phase) {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            Dkls23Exception failure = assertThrows(Dkls23Exception.class, () -> run.runAll(phase,
                    inbox -> replaceFirst(inbox, m -> {
                        byte[] payload = m.payload();
                        payload[payload.length - 9] ^= 0x5a;
                        return new ProtocolMessage(m.from(), m.to(), payload);
                    })));
            assertFalse(failure instanceof NativePanicException, failure.toString());
        }
    }

    @ParameterizedTest(name = "sender {0}")
    @ValueSource(ints = {4, 9, 200})
    void messageFromAPartyOutsideTheSession(int outsider) {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(UnexpectedMessageException.class, () -> run.runAll(2,
                    inbox -> replaceFirst(inbox, m -> new ProtocolMessage(outsider, m.to(), m.payload()))));
        }
    }

    @Test
    void messageAddressedToAnotherParty() {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(UnexpectedMessageException.class, () -> run.runAll(2,
                    inbox -> replaceFirst(inbox, m -> new ProtocolMessage(m.from(), 3, m.payload()))));
        }
    }

    @Test
    void duplicatedMessage() {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(UnexpectedMessageException.class, () -> run.runAll(2, inbox -> {
                List<ProtocolMessage> doubled = new ArrayList<>(inbox);
                doubled.add(inbox.getFirst());
                return doubled;
            }));
        }
    }

    @Test
    void missingMessagesAndEmptyInbox() {
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(UnexpectedMessageException.class, () -> run.runAll(2, inbox -> List.of()));
        }
        try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
            assertThrows(UnexpectedMessageException.class, () -> run.runAll(4, inbox -> inbox.subList(0, 1)));
        }
    }

    @Test
    void shareOfAnotherWallet() {
        List<KeyShare> walletA = LocalParties.dkg(2, 2, Wallets.randomId());
        List<KeyShare> walletB = LocalParties.dkg(2, 2, Wallets.randomId());
        long withWallets = Dkls23.liveHandles();
        try {
            Dkls23Exception failure = assertThrows(Dkls23Exception.class,
                    () -> LocalParties.sign(List.of(walletA.get(0), walletB.get(1)), Wallets.randomId(),
                            Wallets.randomHash()));
            assertFalse(failure instanceof NativePanicException, failure.toString());
            assertEquals(withWallets, Dkls23.liveHandles());
        } finally {
            walletA.forEach(KeyShare::close);
            walletB.forEach(KeyShare::close);
        }
    }

    @Test
    void invalidSigningArguments() {
        KeyShare share = Wallets.threeOfFive().getFirst();
        byte[] id = Wallets.randomId();
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {2, 3}, new byte[31]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {2}, new byte[32]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {2, 3, 4}, new byte[32]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {1, 3}, new byte[32]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {2, 2}, new byte[32]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {2, 6}, new byte[32]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, new byte[0], new int[] {2, 3}, new byte[32]));
        assertThrows(InvalidArgumentException.class, () -> SignSession.start(share, id, new int[] {2, 300}, new byte[32]));
    }

    @Test
    void invalidDkgArguments() {
        byte[] id = Wallets.randomId();
        assertThrows(InvalidArgumentException.class, () -> DkgSession.start(4, 3, 1, id));
        assertThrows(InvalidArgumentException.class, () -> DkgSession.start(1, 3, 1, id));
        assertThrows(InvalidArgumentException.class, () -> DkgSession.start(2, 3, 0, id));
        assertThrows(InvalidArgumentException.class, () -> DkgSession.start(2, 3, 4, id));
        assertThrows(InvalidArgumentException.class, () -> DkgSession.start(2, 3, 1, new byte[0]));
        assertThrows(InvalidArgumentException.class, () -> DkgSession.start(2, 256, 1, id));
    }

    @Test
    void sharesThatDoNotDecode() {
        assertThrows(InvalidShareException.class, () -> KeyShare.deserialize(new byte[0]));
        assertThrows(InvalidShareException.class, () -> KeyShare.deserialize("not a share".getBytes()));
        try (SecretBytes bytes = Wallets.threeOfFive().getFirst().serialize()) {
            byte[] truncated = Arrays.copyOf(bytes.bytes(), bytes.length() - 1);
            assertThrows(InvalidShareException.class, () -> KeyShare.deserialize(truncated));
            Arrays.fill(truncated, (byte) 0);
            byte[] badMagic = bytes.bytes().clone();
            badMagic[0] ^= 1;
            assertThrows(InvalidShareException.class, () -> KeyShare.deserialize(badMagic));
            Arrays.fill(badMagic, (byte) 0);
        }
    }

    @Test
    void useAfterClose() {
        KeyShare copy;
        try (SecretBytes bytes = Wallets.threeOfFive().getFirst().serialize()) {
            copy = KeyShare.deserialize(bytes.bytes());
        }
        byte[] key = copy.publicKey();
        copy.close();
        copy.close(); // idempotent
        assertThrows(SessionClosedException.class, copy::publicKey);
        assertThrows(SessionClosedException.class,
                () -> SignSession.start(copy, Wallets.randomId(), new int[] {2, 3}, new byte[32]));
        assertArrayEquals(key, Wallets.threeOfFive().getFirst().publicKey());

        DkgSession dkg = DkgSession.start(2, 2, 1, Wallets.randomId());
        dkg.close();
        assertThrows(SessionClosedException.class, () -> dkg.phase(1, List.of()));
    }

    @Test
    void nativeErrorsCarryNoSecretsAndAStableCode() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> {
            try (SignRun run = new SignRun(quorum123(), Wallets.randomHash())) {
                run.runAll(2, inbox -> replaceFirst(inbox, m -> new ProtocolMessage(m.from(), m.to(), new byte[] {1})));
            }
        });
        assertEquals(3, e.code());
        assertFalse(e.getMessage().isBlank());
    }

    private static List<ProtocolMessage> replaceFirst(List<ProtocolMessage> inbox, UnaryOperator<ProtocolMessage> change) {
        List<ProtocolMessage> out = new ArrayList<>(inbox);
        out.set(0, change.apply(out.getFirst()));
        return out;
    }
}

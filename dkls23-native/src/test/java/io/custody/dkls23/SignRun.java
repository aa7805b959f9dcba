package io.custody.dkls23;

import io.custody.dkls23.local.LocalParties;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A signing run driven phase by phase, so a test can tamper with one party's inbox. */
final class SignRun implements AutoCloseable {
    private final List<KeyShare> quorum;
    private final List<SignSession> sessions = new ArrayList<>();
    private List<ProtocolMessage> previous = List.of();

    SignRun(List<KeyShare> quorum, byte[] hash) {
        this.quorum = quorum;
        byte[] signId = Wallets.randomId();
        for (KeyShare share : quorum) {
            int[] others = quorum.stream().mapToInt(KeyShare::partyIndex).filter(p -> p != share.partyIndex()).toArray();
            sessions.add(SignSession.start(share, signId, others, hash));
        }
    }

    /** Messages the last phase produced. */
    List<ProtocolMessage> previous() {
        return previous;
    }

    /** Runs {@code phase} everywhere; the first party's inbox passes through {@code tamper}. */
    void phase(int phase, UnaryOperator<List<ProtocolMessage>> tamper) {
        List<ProtocolMessage> produced = new ArrayList<>();
        for (int k = 0; k < sessions.size(); k++) {
            List<ProtocolMessage> inbox = LocalParties.inbox(previous, quorum.get(k).partyIndex());
            produced.addAll(sessions.get(k).phase(phase, k == 0 ? tamper.apply(inbox) : inbox));
        }
        previous = produced;
    }

    /** Runs every phase and the finish, tampering with the first party's inbox at {@code atPhase} (4 = finish). */
    Signature runAll(int atPhase, UnaryOperator<List<ProtocolMessage>> tamper) {
        for (int p = 1; p <= SignSession.PHASES; p++) {
            phase(p, p == atPhase ? tamper : UnaryOperator.identity());
        }
        Signature first = null;
        for (int k = 0; k < sessions.size(); k++) {
            List<ProtocolMessage> inbox = LocalParties.inbox(previous, quorum.get(k).partyIndex());
            Signature signature = sessions.get(k).finish(k == 0 && atPhase == 4 ? tamper.apply(inbox) : inbox);
            first = first == null ? signature : first;
        }
        return first;
    }

    SignSession session(int position) {
        return sessions.get(position);
    }

    @Override
    public void close() {
        sessions.forEach(SignSession::close);
    }
}

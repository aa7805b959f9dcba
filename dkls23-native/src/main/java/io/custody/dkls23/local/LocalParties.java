package io.custody.dkls23.local;

import io.custody.dkls23.DkgSession;
import io.custody.dkls23.KeyShare;
import io.custody.dkls23.ProtocolMessage;
import io.custody.dkls23.RefreshSession;
import io.custody.dkls23.SignSession;
import io.custody.dkls23.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs a whole protocol with every party in this process, routing each phase's messages to their
 * recipients. For the demo, tests and benchmarks; a real deployment runs one party per enclave.
 */
public final class LocalParties {
    private LocalParties() {}

    /** A t-of-n DKG; returns the shares in party order (index 1 first). */
    public static List<KeyShare> dkg(int threshold, int shareCount, byte[] sessionId) {
        List<DkgSession> sessions = new ArrayList<>();
        try {
            for (int party = 1; party <= shareCount; party++) {
                sessions.add(DkgSession.start(threshold, shareCount, party, sessionId));
            }
            List<Integer> parties = sessions.stream().map(DkgSession::partyIndex).toList();
            List<ProtocolMessage> last = runPhases(sessions, parties, DkgSession.PHASES, DkgSession::phase);
            return finishAll(sessions, parties, last, DkgSession::finish);
        } finally {
            sessions.forEach(DkgSession::close);
        }
    }

    /** Signs {@code messageHash} with exactly t shares; returns the signature every signer agreed on. */
    public static Signature sign(List<KeyShare> quorum, byte[] signId, byte[] messageHash) {
        List<SignSession> sessions = new ArrayList<>();
        List<Integer> parties = quorum.stream().map(KeyShare::partyIndex).toList();
        try {
            for (KeyShare share : quorum) {
                int[] others = parties.stream().mapToInt(Integer::intValue)
                        .filter(p -> p != share.partyIndex()).toArray();
                sessions.add(SignSession.start(share, signId, others, messageHash));
            }
            List<ProtocolMessage> last = runPhases(sessions, parties, SignSession.PHASES, SignSession::phase);
            Signature agreed = null;
            for (int k = 0; k < sessions.size(); k++) {
                Signature signature = sessions.get(k).finish(inbox(last, parties.get(k)));
                if (agreed != null && !agreed.equals(signature)) {
                    throw new IllegalStateException("signers finished with different signatures");
                }
                agreed = signature;
            }
            return agreed;
        } finally {
            sessions.forEach(SignSession::close);
        }
    }

    /** A complete refresh of all n shares; returns the new shares in the order given. */
    public static List<KeyShare> refresh(List<KeyShare> shares, byte[] refreshId) {
        List<RefreshSession> sessions = new ArrayList<>();
        try {
            for (KeyShare share : shares) {
                sessions.add(RefreshSession.start(share, refreshId));
            }
            List<Integer> parties = shares.stream().map(KeyShare::partyIndex).toList();
            List<ProtocolMessage> last = runPhases(sessions, parties, RefreshSession.PHASES, RefreshSession::phase);
            return finishAll(sessions, parties, last, RefreshSession::finish);
        } finally {
            sessions.forEach(RefreshSession::close);
        }
    }

    /** The messages of {@code all} that party {@code party} receives. */
    public static List<ProtocolMessage> inbox(List<ProtocolMessage> all, int party) {
        return all.stream().filter(m -> m.isFor(party)).toList();
    }

    @FunctionalInterface
    private interface Phase<S> {
        List<ProtocolMessage> run(S session, int phase, List<ProtocolMessage> inbound);
    }

    /** Runs phases 1..count at every party; returns the last phase's messages. */
    private static <S> List<ProtocolMessage> runPhases(List<S> sessions, List<Integer> parties, int count,
                                                       Phase<S> phase) {
        List<ProtocolMessage> previous = List.of();
        for (int p = 1; p <= count; p++) {
            List<ProtocolMessage> produced = new ArrayList<>();
            for (int k = 0; k < sessions.size(); k++) {
                produced.addAll(phase.run(sessions.get(k), p, inbox(previous, parties.get(k))));
            }
            previous = produced;
        }
        return previous;
    }

    /** Finishes every party; closes what was produced if any party fails. */
    private static <S> List<KeyShare> finishAll(List<S> sessions, List<Integer> parties, List<ProtocolMessage> last,
                                                BiFunction<S, List<ProtocolMessage>, KeyShare> finish) {
        List<KeyShare> shares = new ArrayList<>();
        try {
            for (int k = 0; k < sessions.size(); k++) {
                shares.add(finish.apply(sessions.get(k), inbox(last, parties.get(k))));
            }
        } catch (RuntimeException e) {
            shares.forEach(KeyShare::close);
            throw e;
        }
        return List.copyOf(shares);
    }
}

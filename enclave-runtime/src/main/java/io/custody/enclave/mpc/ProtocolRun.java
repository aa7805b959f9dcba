package io.custody.enclave.mpc;

import io.custody.dkls23.DkgSession;
import io.custody.dkls23.KeyShare;
import io.custody.dkls23.ProtocolMessage;
import io.custody.dkls23.RefreshSession;
import io.custody.dkls23.SignSession;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** One party's DKLs23 state machine, whatever the protocol: phases 1..3, then finish. */
final class ProtocolRun implements AutoCloseable {
    static final int PHASES = 3;

    private final BiFunction<Integer, List<ProtocolMessage>, List<ProtocolMessage>> phase;
    private final Function<List<ProtocolMessage>, Outcome> finish;
    private final Runnable close;

    private ProtocolRun(BiFunction<Integer, List<ProtocolMessage>, List<ProtocolMessage>> phase,
                        Function<List<ProtocolMessage>, Outcome> finish, Runnable close) {
        this.phase = phase;
        this.finish = finish;
        this.close = close;
    }

    static ProtocolRun dkg(SessionParameters parameters) {
        DkgSession session = DkgSession.start(parameters.threshold(), parameters.shareCount(), parameters.self(),
                parameters.sessionId());
        return new ProtocolRun(session::phase, in -> new Outcome.NewShare(session.finish(in)), session::close);
    }

    static ProtocolRun sign(SessionParameters parameters, KeyShare share, byte[] messageHash) {
        SignSession session = SignSession.start(share, parameters.sessionId(), parameters.others(), messageHash);
        return new ProtocolRun(session::phase, in -> new Outcome.Signed(session.finish(in)), session::close);
    }

    static ProtocolRun refresh(SessionParameters parameters, KeyShare share) {
        RefreshSession session = RefreshSession.start(share, parameters.sessionId());
        return new ProtocolRun(session::phase, in -> new Outcome.NewShare(session.finish(in)), session::close);
    }

    List<ProtocolMessage> phase(int number, List<ProtocolMessage> inbound) {
        return phase.apply(number, inbound);
    }

    Outcome finish(List<ProtocolMessage> inbound) {
        return finish.apply(inbound);
    }

    @Override
    public void close() {
        close.run();
    }
}

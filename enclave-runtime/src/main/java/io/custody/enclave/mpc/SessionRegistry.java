package io.custody.enclave.mpc;

import io.custody.dkls23.Dkls23Exception;
import io.custody.dkls23.KeyShare;
import io.custody.enclave.channel.SessionChannel;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The enclave's live sessions: at most {@code cap} at once, each with a deadline, in memory only.
 * A session id is accepted once per boot: a finished, failed or expired session can never be
 * started again, so a relay cannot replay a session to get a second signature from it.
 */
public final class SessionRegistry {
    private static final HexFormat HEX = HexFormat.of();

    private final int cap;
    private final Duration maxLifetime;
    private final Clock clock;
    private final Map<String, MpcSession> live = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    public SessionRegistry(int cap, Duration maxLifetime, Clock clock) {
        if (cap < 1) {
            throw new IllegalArgumentException("session cap must be >= 1");
        }
        this.cap = cap;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    public MpcSession startDkg(SessionParameters parameters, byte[] claimedId, SessionChannel channel,
                               Instant requestedDeadline) {
        requireProtocol(parameters, Protocol.DKG);
        return start(parameters, claimedId, channel, requestedDeadline, () -> ProtocolRun.dkg(parameters));
    }

    public MpcSession startSign(SessionParameters parameters, byte[] claimedId, SessionChannel channel,
                                Instant requestedDeadline, KeyShare share, byte[] messageHash) {
        requireProtocol(parameters, Protocol.SIGN);
        return start(parameters, claimedId, channel, requestedDeadline,
                () -> ProtocolRun.sign(parameters, share, messageHash));
    }

    public MpcSession startRefresh(SessionParameters parameters, byte[] claimedId, SessionChannel channel,
                                   Instant requestedDeadline, KeyShare share) {
        requireProtocol(parameters, Protocol.REFRESH);
        return start(parameters, claimedId, channel, requestedDeadline, () -> ProtocolRun.refresh(parameters, share));
    }

    /** The live session with this id; refused when unknown, ended or expired. */
    public synchronized MpcSession get(byte[] sessionId) {
        reapExpired();
        MpcSession session = live.get(HEX.formatHex(sessionId));
        if (session == null) {
            throw new SessionRefusedException("no live session with this id (unknown, ended or expired)");
        }
        return session;
    }

    /** Forgets a session that finished or failed; its id stays used. */
    public synchronized void end(MpcSession session) {
        session.close();
        live.remove(HEX.formatHex(session.sessionId()));
    }

    public synchronized int active() {
        reapExpired();
        return live.size();
    }

    public int cap() {
        return cap;
    }

    /** Closes sessions past their deadline, freeing their native state. */
    public synchronized void reapExpired() {
        live.values().removeIf(session -> {
            if (session.isExpired() || session.isClosed()) {
                session.close();
                return true;
            }
            return false;
        });
    }

    /** Closes every session (shutdown). */
    public synchronized void closeAll() {
        live.values().forEach(MpcSession::close);
        live.clear();
    }

    private synchronized MpcSession start(SessionParameters parameters, byte[] claimedId, SessionChannel channel,
                                          Instant requestedDeadline, Supplier<ProtocolRun> runFactory) {
        try {
            byte[] derived = parameters.sessionId();
            if (!MessageDigest.isEqual(derived, claimedId)) {
                throw new SessionRefusedException("the session id does not match the session's parameters");
            }
            String key = HEX.formatHex(derived);
            if (used.contains(key)) {
                throw new SessionRefusedException("this session id was already used since boot");
            }
            reapExpired();
            if (live.size() >= cap) {
                throw SessionRefusedException.atCapacity(cap);
            }
            Instant latest = clock.instant().plus(maxLifetime);
            Instant deadline = requestedDeadline == null || requestedDeadline.isAfter(latest) ? latest : requestedDeadline;
            used.add(key);
            MpcSession session = new MpcSession(parameters, channel, runFactory.get(), clock, deadline);
            live.put(key, session);
            return session;
        } catch (Dkls23Exception e) {
            channel.close();
            throw new SessionRefusedException("the crate refused the session: " + e.getMessage());
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void requireProtocol(SessionParameters parameters, Protocol expected) {
        if (parameters.protocol() != expected) {
            throw new SessionRefusedException("parameters are for " + parameters.protocol() + ", not " + expected);
        }
    }
}

package io.custody.enclave.mpc;

import io.custody.dkls23.CheatingPartyException;
import io.custody.dkls23.Dkls23Exception;
import io.custody.dkls23.ProtocolAbortException;
import io.custody.dkls23.ProtocolMessage;
import io.custody.enclave.channel.BroadcastEcho;
import io.custody.enclave.channel.ChannelException;
import io.custody.enclave.channel.Envelope;
import io.custody.enclave.channel.SessionChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One party's side of one session, between the relay and the crate. Step {@code p} (1..3) takes
 * the envelopes of phase {@code p-1}, authenticates and decrypts them, checks the echo, runs
 * phase {@code p} and returns its envelopes; step 4 finishes. Any failure closes the session for
 * good (fail closed): there is no retry inside a session.
 *
 * <p>Echo rule: every envelope of phase {@code q >= 2} carries the digest of all broadcasts of
 * phase {@code q-1} as its sender saw them (its own included). A receiver compares it with its
 * own view, so a relay that shows different broadcasts to different parties is caught one phase
 * later.
 */
public final class MpcSession implements AutoCloseable {
    public static final int FINISH = ProtocolRun.PHASES + 1;

    private final SessionParameters parameters;
    private final byte[] sessionId;
    private final SessionChannel channel;
    private final ProtocolRun run;
    private final Inbox inbox;
    private final Clock clock;
    private final Instant deadline;
    private final Map<Integer, List<Envelope>> ownBroadcasts = new HashMap<>();
    private final Map<Integer, byte[]> broadcastDigests = new HashMap<>();
    private final Set<Integer> parties;
    private AutoCloseable attachment;
    private int nextStep = 1;
    private long sequence;
    private boolean closed;

    MpcSession(SessionParameters parameters, SessionChannel channel, ProtocolRun run, Clock clock, Instant deadline) {
        this.parameters = parameters;
        this.sessionId = parameters.sessionId();
        this.channel = channel;
        this.run = run;
        this.inbox = new Inbox(sessionId, parameters);
        this.parties = Arrays.stream(parameters.parties()).boxed().collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
        this.deadline = deadline;
    }

    public SessionParameters parameters() {
        return parameters;
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    public synchronized boolean isExpired() {
        return clock.instant().isAfter(deadline);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Hands {@code resource} to the session: it is closed when the session ends, unless detached. */
    public synchronized void attach(AutoCloseable resource) {
        if (closed) {
            closeQuietly(resource);
            throw new SessionAbortedException("the session has already ended");
        }
        closeQuietly(attachment);
        attachment = resource;
    }

    /** Takes the attached resource back (the caller closes it), if it has the given type. */
    public synchronized <T extends AutoCloseable> Optional<T> detach(Class<T> type) {
        if (!type.isInstance(attachment)) {
            return Optional.empty();
        }
        T resource = type.cast(attachment);
        attachment = null;
        return Optional.of(resource);
    }

    /** Runs step {@code step} (1..4) with whatever the relay delivered. */
    public synchronized StepResult step(int step, List<Envelope> delivered) {
        if (closed) {
            throw new SessionAbortedException("the session has already ended");
        }
        try {
            if (isExpired()) {
                throw new SessionTimeoutException("session passed its deadline " + deadline);
            }
            if (step != nextStep) {
                throw new SessionAbortedException("step " + step + " requested, step " + nextStep + " expected");
            }
            List<ProtocolMessage> inbound = open(step - 1, inbox.collect(step - 1, delivered));
            nextStep++;
            if (step == FINISH) {
                Outcome outcome = run.finish(inbound);
                close();
                return StepResult.finished(outcome, broadcastDigests.getOrDefault(step - 1, new byte[0]));
            }
            return StepResult.messages(protect(step, run.phase(step, inbound)));
        } catch (Dkls23Exception e) {
            close();
            throw translate(e);
        } catch (ChannelException e) {
            close();
            throw new SessionAbortedException("a message failed authentication: " + e.getMessage(), e.claimedSender());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Authenticates and decrypts the envelopes of {@code phase}; checks and records the echo. */
    private List<ProtocolMessage> open(int phase, List<Envelope> envelopes) throws ChannelException {
        if (phase == 0) {
            return List.of();
        }
        List<ProtocolMessage> messages = new ArrayList<>();
        List<Envelope> broadcasts = new ArrayList<>(ownBroadcasts.getOrDefault(phase, List.of()));
        byte[] expectedEcho = broadcastDigests.get(phase - 1);
        for (Envelope envelope : envelopes) {
            byte[] plaintext = envelope.isBroadcast() ? channel.verifyBroadcast(envelope) : channel.openDirect(envelope);
            if (expectedEcho != null) {
                BroadcastEcho.check(envelope, phase - 1, expectedEcho);
            } else if (envelope.echoDigest().length != 0) {
                throw new SessionAbortedException("party " + envelope.sender() + " echoed phase-" + (phase - 1)
                        + " broadcasts that do not exist", envelope.sender());
            }
            if (envelope.isBroadcast()) {
                broadcasts.add(envelope);
            }
            messages.add(new ProtocolMessage(envelope.sender(), envelope.recipient(), plaintext));
            Arrays.fill(plaintext, (byte) 0);
        }
        if (!broadcasts.isEmpty()) {
            if (broadcasts.size() != parties.size()) {
                throw new SessionAbortedException("phase-" + phase + " broadcasts missing: " + broadcasts.size()
                        + " of " + parties.size());
            }
            broadcastDigests.put(phase, BroadcastEcho.digest(broadcasts, parties));
        }
        return messages;
    }

    /** Encrypts direct messages for their recipient and signs broadcasts, all carrying the echo. */
    private List<Envelope> protect(int phase, List<ProtocolMessage> produced) {
        byte[] echo = broadcastDigests.getOrDefault(phase - 1, new byte[0]);
        List<Envelope> out = new ArrayList<>();
        List<Envelope> broadcasts = new ArrayList<>();
        for (ProtocolMessage message : produced) {
            byte[] payload = message.payload();
            if (message.isBroadcast()) {
                Envelope envelope = channel.signBroadcast(phase, sequence++, payload, echo);
                broadcasts.add(envelope);
                out.add(envelope);
            } else {
                out.add(channel.sealDirect(phase, message.to(), sequence++, payload, echo));
            }
            Arrays.fill(payload, (byte) 0);
        }
        ownBroadcasts.put(phase, broadcasts);
        return out;
    }

    private static MpcException translate(Dkls23Exception e) {
        return switch (e) {
            case CheatingPartyException cheat -> new CheatingPartyDetectedException(
                    "party " + cheat.culprit() + " cheated: " + cheat.getMessage(), cheat.culprit());
            case ProtocolAbortException abort -> new SessionAbortedException(
                    "the protocol aborted: " + abort.getMessage(), abort.culprit().orElse(0));
            default -> new SessionAbortedException("the protocol refused a message: " + e.getMessage());
        };
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            run.close();
            channel.close();
            closeQuietly(attachment);
            attachment = null;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a session resource failed", e);
        }
    }

    @Override
    public String toString() {
        return "MpcSession[" + parameters + ", next step " + nextStep + (closed ? ", closed" : "") + "]";
    }
}

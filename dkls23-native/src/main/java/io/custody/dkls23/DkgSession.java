package io.custody.dkls23;

import static java.lang.foreign.ValueLayout.ADDRESS;

import io.custody.dkls23.internal.Bindings;
import io.custody.dkls23.internal.Errors;
import io.custody.dkls23.internal.NativeCalls;
import io.custody.dkls23.internal.NativeHandle;
import io.custody.dkls23.internal.PhaseCall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * One party's side of a distributed key generation. Call {@link #phase} for phases 1..3, each
 * with the messages the other parties produced in the previous phase (none for phase 1), then
 * {@link #finish} with those of phase 3. Any error closes the session for good: a DKG that went
 * wrong starts again under a new session id.
 */
public final class DkgSession implements AutoCloseable {
    /** Phases that produce messages; {@link #finish} is the fourth step. */
    public static final int PHASES = 3;

    private final NativeHandle handle;
    private final int partyIndex;

    private DkgSession(MemorySegment raw, int partyIndex) {
        this.handle = new NativeHandle(raw, Bindings.DKG_FREE, "DKG session");
        this.partyIndex = partyIndex;
    }

    /**
     * @param threshold  t, the number of parties needed to sign (2..n)
     * @param shareCount n, the number of parties (t..255)
     * @param partyIndex this party, 1..n
     * @param sessionId  the same unique id at every party, bound into every proof
     */
    public static DkgSession start(int threshold, int shareCount, int partyIndex, byte[] sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        requireByte(threshold, "threshold");
        requireByte(shareCount, "shareCount");
        requireByte(partyIndex, "partyIndex");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sid = NativeCalls.input(arena, sessionId);
            MemorySegment out = NativeCalls.pointerSlot(arena);
            Errors.check((MemorySegment) Bindings.DKG_NEW.invokeExact(
                    (byte) threshold, (byte) shareCount, (byte) partyIndex, sid, (long) sessionId.length, out));
            return new DkgSession(out.get(ADDRESS, 0), partyIndex);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Runs phase {@code phase} (1..3) and returns the messages to deliver. */
    public synchronized List<ProtocolMessage> phase(int phase, List<ProtocolMessage> inbound) {
        requireByte(phase, "phase");
        return PhaseCall.run(Bindings.DKG_PHASE, handle.address(), phase, inbound);
    }

    /** Consumes the phase-3 messages and returns this party's key share. */
    public synchronized KeyShare finish(List<ProtocolMessage> inbound) {
        return new KeyShare(PhaseCall.finishToShare(Bindings.DKG_FINISH, handle.address(), inbound));
    }

    public int partyIndex() {
        return partyIndex;
    }

    @Override
    public synchronized void close() {
        handle.close();
    }

    static void requireByte(int value, String name) {
        if (value < 0 || value > 255) {
            throw new InvalidArgumentException(name + " must be in 0..255, was " + value);
        }
    }
}

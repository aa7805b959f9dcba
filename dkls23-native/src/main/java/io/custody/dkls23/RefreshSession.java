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
 * One party's side of a complete share refresh among all n parties: the public key stays, every
 * share and the multiplication setup are replaced. Old and new shares must never be mixed; the
 * caller retires the old share once every party holds its new one.
 */
public final class RefreshSession implements AutoCloseable {
    public static final int PHASES = 3;

    private final NativeHandle handle;

    private RefreshSession(MemorySegment raw) {
        this.handle = new NativeHandle(raw, Bindings.REFRESH_FREE, "refresh session");
    }

    public static RefreshSession start(KeyShare share, byte[] refreshId) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(refreshId, "refreshId");
        synchronized (share) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment id = NativeCalls.input(arena, refreshId);
                MemorySegment out = NativeCalls.pointerSlot(arena);
                Errors.check((MemorySegment) Bindings.REFRESH_NEW.invokeExact(
                        share.address(), id, (long) refreshId.length, out));
                return new RefreshSession(out.get(ADDRESS, 0));
            } catch (Throwable t) {
                throw NativeCalls.rethrow(t);
            }
        }
    }

    /** Runs phase {@code phase} (1..3) and returns the messages to deliver. */
    public synchronized List<ProtocolMessage> phase(int phase, List<ProtocolMessage> inbound) {
        DkgSession.requireByte(phase, "phase");
        return PhaseCall.run(Bindings.REFRESH_PHASE, handle.address(), phase, inbound);
    }

    /** Consumes the phase-3 messages and returns this party's new share. */
    public synchronized KeyShare finish(List<ProtocolMessage> inbound) {
        return new KeyShare(PhaseCall.finishToShare(Bindings.REFRESH_FINISH, handle.address(), inbound));
    }

    @Override
    public synchronized void close() {
        handle.close();
    }
}

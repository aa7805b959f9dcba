package io.custody.dkls23;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

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
 * One party's side of a threshold signature among exactly t parties. Phases 1..3 exchange
 * messages; {@link #finish} takes the phase-3 broadcasts and returns the signature, which the
 * shim has already verified against the group key. Any error closes the session: a signing
 * attempt is never resumed, only started again under a new sign id.
 */
public final class SignSession implements AutoCloseable {
    public static final int PHASES = 3;
    public static final int HASH_LENGTH = 32;

    private final NativeHandle handle;

    private SignSession(MemorySegment raw) {
        this.handle = new NativeHandle(raw, Bindings.SIGN_FREE, "sign session");
    }

    /**
     * @param share          this party's key share (still owned by the caller)
     * @param signId         the same unique id at every signer
     * @param counterparties the other t-1 signers' party indices
     * @param messageHash    the 32-byte digest to sign
     */
    public static SignSession start(KeyShare share, byte[] signId, int[] counterparties, byte[] messageHash) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(signId, "signId");
        Objects.requireNonNull(counterparties, "counterparties");
        Objects.requireNonNull(messageHash, "messageHash");
        byte[] peers = new byte[counterparties.length];
        for (int k = 0; k < peers.length; k++) {
            DkgSession.requireByte(counterparties[k], "counterparty");
            peers[k] = (byte) counterparties[k];
        }
        synchronized (share) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment id = NativeCalls.input(arena, signId);
                MemorySegment parties = NativeCalls.input(arena, peers);
                MemorySegment hash = NativeCalls.input(arena, messageHash);
                MemorySegment out = NativeCalls.pointerSlot(arena);
                Errors.check((MemorySegment) Bindings.SIGN_NEW.invokeExact(share.address(), id, (long) signId.length,
                        parties, (long) peers.length, hash, (long) messageHash.length, out));
                return new SignSession(out.get(ADDRESS, 0));
            } catch (Throwable t) {
                throw NativeCalls.rethrow(t);
            }
        }
    }

    /** Runs phase {@code phase} (1..3) and returns the messages to deliver. */
    public synchronized List<ProtocolMessage> phase(int phase, List<ProtocolMessage> inbound) {
        DkgSession.requireByte(phase, "phase");
        return PhaseCall.run(Bindings.SIGN_PHASE, handle.address(), phase, inbound);
    }

    /** Consumes the phase-3 broadcasts and returns the verified, low-s signature. */
    public synchronized Signature finish(List<ProtocolMessage> inbound) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = PhaseCall.finishInput(arena, inbound);
            MemorySegment sig = arena.allocate(Signature.LENGTH);
            Errors.check((MemorySegment) Bindings.SIGN_FINISH.invokeExact(handle.address(), in, in.byteSize(), sig));
            return Signature.fromBytes(sig.toArray(JAVA_BYTE));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    @Override
    public synchronized void close() {
        handle.close();
    }
}

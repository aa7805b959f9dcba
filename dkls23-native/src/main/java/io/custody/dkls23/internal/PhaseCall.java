package io.custody.dkls23.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;

import io.custody.dkls23.ProtocolMessage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;

/**
 * The shape shared by {@code dkls_*_phase}: messages in, messages out. Inbound payloads may be
 * secret (DKG and refresh fragments), so every copy made here is zeroed once the call returns.
 */
public final class PhaseCall {
    private PhaseCall() {}

    public static List<ProtocolMessage> run(MethodHandle phaseFn, MemorySegment handle, int phase,
                                            List<ProtocolMessage> inbound) {
        byte[] encoded = MessageListCodec.encode(inbound);
        byte[] produced = null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = NativeCalls.input(arena, encoded);
            MemorySegment outPtr = NativeCalls.pointerSlot(arena);
            MemorySegment outLen = NativeCalls.lengthSlot(arena);
            try {
                MemorySegment error = (MemorySegment) phaseFn.invokeExact(
                        handle, (byte) phase, in, (long) encoded.length, outPtr, outLen);
                Errors.check(error);
            } catch (Throwable t) {
                throw NativeCalls.rethrow(t);
            } finally {
                NativeCalls.wipe(in);
            }
            produced = NativeCalls.takeBuffer(outPtr, outLen);
            return MessageListCodec.decode(produced);
        } finally {
            Arrays.fill(encoded, (byte) 0);
            if (produced != null) {
                Arrays.fill(produced, (byte) 0);
            }
        }
    }

    /**
     * Runs a {@code *_finish} that yields a {@code DklsShare*} (DKG, refresh) and returns the raw
     * share handle for the caller to wrap.
     */
    public static MemorySegment finishToShare(MethodHandle finishFn, MemorySegment handle,
                                              List<ProtocolMessage> inbound) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = finishInput(arena, inbound);
            MemorySegment out = NativeCalls.pointerSlot(arena);
            try {
                Errors.check((MemorySegment) finishFn.invokeExact(handle, in, in.byteSize(), out));
            } finally {
                NativeCalls.wipe(in);
            }
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Encodes {@code inbound} into {@code arena} for a {@code *_finish} call; wipe it afterwards. */
    public static MemorySegment finishInput(Arena arena, List<ProtocolMessage> inbound) {
        byte[] encoded = MessageListCodec.encode(inbound);
        try {
            return NativeCalls.input(arena, encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }
}

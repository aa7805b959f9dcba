package io.custody.dkls23.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Helpers for the ABI's borrowed inputs and owned outputs. */
public final class NativeCalls {
    private NativeCalls() {}

    /** Copies {@code bytes} into {@code arena}; an empty array becomes NULL with length 0. */
    public static MemorySegment input(Arena arena, byte[] bytes) {
        if (bytes.length == 0) {
            return MemorySegment.NULL;
        }
        return arena.allocateFrom(JAVA_BYTE, bytes);
    }

    /** Zeroes a native copy of secret input before its arena is closed. */
    public static void wipe(MemorySegment segment) {
        if (!segment.equals(MemorySegment.NULL)) {
            segment.fill((byte) 0);
        }
    }

    public static MemorySegment pointerSlot(Arena arena) {
        MemorySegment slot = arena.allocate(ADDRESS);
        slot.set(ADDRESS, 0, MemorySegment.NULL);
        return slot;
    }

    public static MemorySegment lengthSlot(Arena arena) {
        return arena.allocate(JAVA_LONG);
    }

    /** Copies an owned output buffer out of native memory and frees (zeroes) it there. */
    public static byte[] takeBuffer(MemorySegment pointerSlot, MemorySegment lengthSlot) {
        MemorySegment pointer = pointerSlot.get(ADDRESS, 0);
        long length = lengthSlot.get(JAVA_LONG, 0);
        try {
            return pointer.reinterpret(length).toArray(JAVA_BYTE);
        } finally {
            try {
                Bindings.BUFFER_FREE.invokeExact(pointer, length);
            } catch (Throwable t) {
                throw new IllegalStateException("dkls_buffer_free failed", t);
            }
        }
    }

    /** Rethrows what a downcall threw: our exceptions as they are, anything else wrapped. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", t);
    }
}

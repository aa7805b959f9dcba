package io.custody.dkls23.internal;

import io.custody.dkls23.SessionClosedException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Owns one native handle. The handle's destructor is registered on a shared arena, so
 * {@link #close()} frees it exactly once and a closed handle can never reach native code.
 */
public final class NativeHandle implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment address;
    private final String kind;

    public NativeHandle(MemorySegment raw, MethodHandle free, String kind) {
        this.kind = kind;
        this.address = raw.reinterpret(arena, segment -> {
            try {
                free.invokeExact(segment);
            } catch (Throwable t) {
                throw new IllegalStateException("freeing a native " + kind + " failed", t);
            }
        });
    }

    /** The live address; throws once closed. Callers hold the owner's lock. */
    public MemorySegment address() {
        if (!arena.scope().isAlive()) {
            throw new SessionClosedException(kind + " is closed");
        }
        return address;
    }

    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}

package io.custody.dkls23;

import io.custody.dkls23.internal.Bindings;
import io.custody.dkls23.internal.NativeCalls;
import io.custody.dkls23.internal.NativeLoader;
import java.nio.file.Path;

/** Facts about the loaded native library. */
public final class Dkls23 {
    /** The ABI version this binding was written for. */
    public static final int ABI_VERSION = 2;

    private Dkls23() {}

    public static int abiVersion() {
        try {
            return (int) Bindings.ABI_VERSION.invokeExact();
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Live native handles of every kind; tests use it to prove nothing leaks. */
    public static long liveHandles() {
        try {
            return (long) Bindings.LIVE_HANDLES.invokeExact();
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    public static Path nativeLibraryPath() {
        return NativeLoader.libraryPath();
    }
}

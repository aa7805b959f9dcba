package io.custody.enclave.transport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Two connected AF_UNIX stream sockets as raw fds: lets the native connection code that VSOCK
 * uses run on a machine without a vsock transport.
 */
@SuppressWarnings("restricted") // calling libc is the point of this fixture
final class SocketPair {

    private static final MethodHandle SOCKETPAIR = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("socketpair").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    private SocketPair() {}

    static NativeSocketConnection[] open() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int result = (int) SOCKETPAIR.invokeExact(
                    Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds);
            if (result != 0) {
                throw new AssertionError("socketpair failed");
            }
            return new NativeSocketConnection[] {
                new NativeSocketConnection(fds.getAtIndex(JAVA_INT, 0), "pair end A"),
                new NativeSocketConnection(fds.getAtIndex(JAVA_INT, 1), "pair end B")
            };
        }
    }
}

package io.custody.enclave.transport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc socket calls the JDK does not offer for AF_VSOCK, bound through FFM (Linux, 64-bit).
 * A failing call returns -1 and sets errno; each downcall captures errno itself, so nothing the
 * JVM does afterwards can overwrite it, and this class turns it into an {@link ErrnoException}.
 * It is the only place native errors are decoded.
 */
@SuppressWarnings("restricted") // native access is this class's whole job; granted at launch
final class Libc {

    static final int AF_UNIX = 1;
    static final int AF_VSOCK = 40;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 04000;
    static final int SOCK_CLOEXEC = 02000000;
    static final int EFD_CLOEXEC = 02000000;
    static final int SHUT_RDWR = 2;
    static final int MSG_NOSIGNAL = 0x4000;
    static final short POLLIN = 0x1;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ECONNABORTED = 103;

    /** struct pollfd { int fd; short events; short revents; } */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = bind("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = bind("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = bind("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 =
            bind("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle CONNECT = bind("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKNAME =
            bind("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle READ = bind("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle WRITE = bind("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle SEND =
            bind("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SHUTDOWN = bind("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = bind("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle POLL = bind("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle EVENTFD = bind("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle STRERROR =
            LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    static int socket(int domain, int type, int protocol) throws ErrnoException {
        return (int) call("socket", state -> (int) SOCKET.invokeExact(state, domain, type, protocol));
    }

    static void bind(int fd, MemorySegment address) throws ErrnoException {
        int length = (int) address.byteSize();
        call("bind", state -> (int) BIND.invokeExact(state, fd, address, length));
    }

    static void listen(int fd, int backlog) throws ErrnoException {
        call("listen", state -> (int) LISTEN.invokeExact(state, fd, backlog));
    }

    /** accept4 without asking for the peer's address. */
    static int accept(int fd, int flags) throws ErrnoException {
        return (int) call("accept4", state -> (int) ACCEPT4.invokeExact(
                state, fd, MemorySegment.NULL, MemorySegment.NULL, flags));
    }

    static void connect(int fd, MemorySegment address) throws ErrnoException {
        int length = (int) address.byteSize();
        call("connect", state -> (int) CONNECT.invokeExact(state, fd, address, length));
    }

    /** Fills {@code address} with the socket's local address. */
    static void getsockname(int fd, MemorySegment address) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) address.byteSize());
            call("getsockname", state -> (int) GETSOCKNAME.invokeExact(state, fd, address, length));
        }
    }

    /** Returns the number of bytes read; 0 means end of stream. */
    static long read(int fd, MemorySegment buffer, long count) throws ErrnoException {
        return call("read", state -> (long) READ.invokeExact(state, fd, buffer, count));
    }

    static long write(int fd, MemorySegment buffer, long count) throws ErrnoException {
        return call("write", state -> (long) WRITE.invokeExact(state, fd, buffer, count));
    }

    static long send(int fd, MemorySegment buffer, long count, int flags) throws ErrnoException {
        return call("send", state -> (long) SEND.invokeExact(state, fd, buffer, count, flags));
    }

    static void shutdown(int fd, int how) throws ErrnoException {
        call("shutdown", state -> (int) SHUTDOWN.invokeExact(state, fd, how));
    }

    static void close(int fd) throws ErrnoException {
        call("close", state -> (int) CLOSE.invokeExact(state, fd));
    }

    /** Returns how many of the {@code count} pollfds have events; a timeout of -1 waits forever. */
    static int poll(MemorySegment pollfds, long count, int timeoutMillis) throws ErrnoException {
        return (int) call("poll", state -> (int) POLL.invokeExact(state, pollfds, count, timeoutMillis));
    }

    static int eventfd(int initialValue, int flags) throws ErrnoException {
        return (int) call("eventfd", state -> (int) EVENTFD.invokeExact(state, initialValue, flags));
    }

    /** One downcall whose first argument is the errno capture segment. */
    @FunctionalInterface
    private interface Downcall {
        long invoke(MemorySegment callState) throws Throwable;
    }

    private static long call(String name, Downcall downcall) throws ErrnoException {
        long result;
        int errno;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            try {
                result = downcall.invoke(state);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(name + "() downcall threw", t);
            }
            errno = (int) ERRNO.get(state, 0L);
        }
        if (result == -1) {
            throw new ErrnoException(name, errno, describe(errno));
        }
        return result;
    }

    private static String describe(int errno) {
        MemorySegment text;
        try {
            text = (MemorySegment) STRERROR.invokeExact(errno);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("strerror() downcall threw", t);
        }
        // glibc returns a short static string for every errno; the bound only makes it readable.
        return text.equals(MemorySegment.NULL) ? "unknown" : text.reinterpret(1024).getString(0);
    }

    private static MethodHandle bind(String name, MemoryLayout result, MemoryLayout... arguments) {
        return LINKER.downcallHandle(
                symbol(name),
                FunctionDescriptor.of(result, arguments),
                Linker.Option.captureCallState("errno"));
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }
}

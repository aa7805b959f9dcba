package io.custody.enclave.transport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The production transport: AF_VSOCK stream sockets between a Nitro enclave and its parent
 * instance. The JDK has no AF_VSOCK, so the sockets are made through FFM calls to libc (see
 * {@link Libc}); every failure is an {@link IOException} naming AF_VSOCK, the call and its errno.
 *
 * <p>{@link #listen()} binds to the transport's address (an enclave uses {@link
 * SockaddrVm#listeningOn(int)}); {@link #connect()} connects to it (the parent uses the
 * enclave's context id and the same port). Sockets are opened close-on-exec.
 */
public final class VsockTransport implements EnclaveTransport {

    private static final int BACKLOG = 16;

    private final SockaddrVm address;

    public VsockTransport(SockaddrVm address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    public SockaddrVm address() {
        return address;
    }

    @Override
    public EnclaveListener listen() throws IOException {
        String action = "listen on " + address;
        // Non-blocking so that accept() can wait in poll() and be woken by close().
        int socket = open(action, Libc.SOCK_NONBLOCK);
        try {
            withSockaddr(address, sockaddr -> Libc.bind(socket, sockaddr));
            Libc.listen(socket, BACKLOG);
            SockaddrVm bound = localAddress(socket);
            int wakeFd = Libc.eventfd(0, Libc.EFD_CLOEXEC);
            return new VsockListener(socket, wakeFd, bound);
        } catch (ErrnoException e) {
            closeAfterFailure(socket, e);
            throw failure(action, e);
        }
    }

    @Override
    public EnclaveConnection connect() throws IOException {
        String action = "connect to " + address;
        int socket = open(action, 0);
        try {
            withSockaddr(address, sockaddr -> Libc.connect(socket, sockaddr));
        } catch (ErrnoException e) {
            closeAfterFailure(socket, e);
            throw failure(action, e);
        }
        return new NativeSocketConnection(socket, "AF_VSOCK connection to " + address);
    }

    @Override
    public String toString() {
        return address.toString();
    }

    private static int open(String action, int extraTypeFlags) throws IOException {
        try {
            return Libc.socket(Libc.AF_VSOCK, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC | extraTypeFlags, 0);
        } catch (ErrnoException e) {
            throw failure(action, e);
        }
    }

    @FunctionalInterface
    private interface SockaddrCall {
        void call(MemorySegment sockaddr) throws ErrnoException;
    }

    private static void withSockaddr(SockaddrVm address, SockaddrCall call) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            call.call(arena.allocateFrom(JAVA_BYTE, address.encode()));
        }
    }

    private static SockaddrVm localAddress(int socket) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SockaddrVm.SIZE_BYTES);
            Libc.getsockname(socket, sockaddr);
            return SockaddrVm.decode(sockaddr.toArray(JAVA_BYTE));
        }
    }

    private static void closeAfterFailure(int socket, ErrnoException cause) {
        try {
            Libc.close(socket);
        } catch (ErrnoException e) {
            cause.addSuppressed(e);
        }
    }

    private static IOException failure(String action, ErrnoException e) {
        return new IOException("AF_VSOCK " + action + ": " + e.getMessage(), e);
    }
}

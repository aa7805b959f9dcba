package io.custody.enclave.transport;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A listening AF_VSOCK socket. The kernel does not wake a thread blocked in accept() on a
 * vsock socket when it is shut down, so accept() instead polls the socket together with an
 * eventfd that close() signals.
 */
final class VsockListener implements EnclaveListener {

    private static final long POLLFD_BYTES = Libc.POLLFD.byteSize();
    private static final long FD_OFFSET = 0;
    private static final long EVENTS_OFFSET = 4;

    private final NativeFd listening;
    private final int wakeFd;
    private final SockaddrVm localAddress;

    /** Takes ownership of {@code listeningFd} (non-blocking, listening) and {@code wakeFd}. */
    VsockListener(int listeningFd, int wakeFd, SockaddrVm localAddress) {
        this.listening = new NativeFd(listeningFd, "AF_VSOCK listener on " + localAddress);
        this.wakeFd = wakeFd;
        this.localAddress = localAddress;
    }

    /** The bound address, with the port the kernel chose when asked for {@code PORT_ANY}. */
    SockaddrVm localAddress() {
        return localAddress;
    }

    @Override
    public EnclaveConnection accept() throws IOException {
        return listening.use(socket -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pollfds = arena.allocate(Libc.POLLFD, 2);
                watchForInput(pollfds, 0, socket);
                watchForInput(pollfds, 1, wakeFd);
                while (true) {
                    awaitEvent(pollfds);
                    if (listening.isClosed()) {
                        throw listening.closedException();
                    }
                    try {
                        int connected = Libc.accept(socket, Libc.SOCK_CLOEXEC);
                        return new NativeSocketConnection(
                                connected, "AF_VSOCK connection accepted on " + localAddress);
                    } catch (ErrnoException e) {
                        // Another accept won the race, or the peer gave up before we got to it.
                        if (e.errno() != Libc.EAGAIN && e.errno() != Libc.EINTR
                                && e.errno() != Libc.ECONNABORTED) {
                            throw failure("accept", e);
                        }
                    }
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        listening.close(socket -> signalWakeup(), this::closeWakeFd);
    }

    @Override
    public String toString() {
        return "AF_VSOCK listener on " + localAddress;
    }

    private static void watchForInput(MemorySegment pollfds, long index, int fd) {
        MemorySegment entry = pollfds.asSlice(index * POLLFD_BYTES, POLLFD_BYTES);
        entry.set(JAVA_INT, FD_OFFSET, fd);
        entry.set(JAVA_SHORT, EVENTS_OFFSET, Libc.POLLIN);
    }

    private void awaitEvent(MemorySegment pollfds) throws IOException {
        while (true) {
            try {
                Libc.poll(pollfds, 2, -1);
                return;
            } catch (ErrnoException e) {
                if (e.errno() != Libc.EINTR) {
                    throw failure("poll", e);
                }
            }
        }
    }

    private void signalWakeup() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            Libc.write(wakeFd, arena.allocateFrom(JAVA_LONG, 1L), Long.BYTES);
        }
    }

    private void closeWakeFd() {
        try {
            Libc.close(wakeFd);
        } catch (ErrnoException e) {
            // Only EBADF is possible here, and it would mean the fd was never ours: nothing leaks.
            throw new IllegalStateException(this + ": closing its eventfd: " + e.getMessage(), e);
        }
    }

    private IOException failure(String action, ErrnoException e) {
        return new IOException(this + ": " + action + " failed: " + e.getMessage(), e);
    }
}

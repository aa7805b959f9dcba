package io.custody.enclave.transport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connected stream socket held as a raw fd (AF_VSOCK in practice): blocking reads and writes
 * through a native buffer per direction. Closing shuts the socket down first, which wakes a
 * blocked reader or writer, then frees the fd and the buffers, zeroed since they held frame bytes.
 */
final class NativeSocketConnection implements EnclaveConnection {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final NativeFd fd;
    private final String label;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment inputBuffer = arena.allocate(BUFFER_BYTES);
    private final MemorySegment outputBuffer = arena.allocate(BUFFER_BYTES);
    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    /** Takes ownership of {@code fd}, a connected blocking stream socket. */
    NativeSocketConnection(int fd, String label) {
        this.fd = new NativeFd(fd, label);
        this.label = label;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() throws IOException {
        fd.close(socket -> Libc.shutdown(socket, Libc.SHUT_RDWR), this::releaseBuffers);
    }

    private void releaseBuffers() {
        inputBuffer.fill((byte) 0);
        outputBuffer.fill((byte) 0);
        arena.close();
    }

    @Override
    public String toString() {
        return label;
    }

    private IOException failure(String action, ErrnoException e) {
        return new IOException(label + ": " + action + " failed: " + e.getMessage(), e);
    }

    private final class Input extends InputStream {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int count = read(one, 0, 1);
            return count < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, target.length);
            if (length == 0) {
                return 0;
            }
            lock.lock();
            try {
                return fd.use(socket -> {
                    long count = readOnce(socket, Math.min(length, BUFFER_BYTES));
                    if (count == 0) {
                        // Our own close() wakes a blocked read with end of stream; report it as a close.
                        if (fd.isClosed()) {
                            throw fd.closedException();
                        }
                        return -1;
                    }
                    MemorySegment.copy(inputBuffer, JAVA_BYTE, 0, target, offset, (int) count);
                    return (int) count;
                });
            } finally {
                lock.unlock();
            }
        }

        private long readOnce(int socket, int length) throws IOException {
            while (true) {
                try {
                    return Libc.read(socket, inputBuffer, length);
                } catch (ErrnoException e) {
                    if (e.errno() != Libc.EINTR) {
                        throw failure("read", e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            NativeSocketConnection.this.close();
        }
    }

    private final class Output extends OutputStream {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, source.length);
            lock.lock();
            try {
                fd.use(socket -> {
                    int written = 0;
                    while (written < length) {
                        int chunk = Math.min(length - written, BUFFER_BYTES);
                        MemorySegment.copy(source, offset + written, outputBuffer, JAVA_BYTE, 0, chunk);
                        written += sendAll(socket, chunk);
                    }
                    return null;
                });
            } finally {
                lock.unlock();
            }
        }

        /** Sends the first {@code length} buffered bytes, across partial sends. */
        private int sendAll(int socket, int length) throws IOException {
            long sent = 0;
            while (sent < length) {
                try {
                    // send with MSG_NOSIGNAL, not write: a closed peer must yield EPIPE, not SIGPIPE.
                    sent += Libc.send(socket, outputBuffer.asSlice(sent), length - sent, Libc.MSG_NOSIGNAL);
                } catch (ErrnoException e) {
                    if (e.errno() != Libc.EINTR) {
                        throw fd.isClosed() ? fd.closedException() : failure("send", e);
                    }
                }
            }
            return length;
        }

        @Override
        public void close() throws IOException {
            NativeSocketConnection.this.close();
        }
    }
}

package io.custody.enclave.transport;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A file descriptor shared by threads that may block in it. Closing an fd under a blocked call
 * would let the kernel hand the same number to a new file while the call is still in flight, so
 * closing is two steps: first wake the blocked calls (for example with shutdown), then wait until
 * no call is in flight, and only then close(2). Calls that start after close fail.
 */
final class NativeFd {

    @FunctionalInterface
    interface Operation<T> {
        T apply(int fd) throws IOException;
    }

    @FunctionalInterface
    interface Wakeup {
        void wake(int fd) throws IOException;
    }

    private final int fd;
    private final String label;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

    NativeFd(int fd, String label) {
        this.fd = fd;
        this.label = label;
    }

    /** Runs {@code operation} with the fd, which stays open until it returns. */
    <T> T use(Operation<T> operation) throws IOException {
        Lock shared = inFlight.readLock();
        shared.lock();
        try {
            if (closed.get()) {
                throw closedException();
            }
            return operation.apply(fd);
        } finally {
            shared.unlock();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    IOException closedException() {
        return new IOException(label + " is closed");
    }

    /**
     * Wakes blocked calls, waits for them to leave, closes the fd, then runs {@code release} (for
     * memory the calls used). Only the first call does anything.
     */
    void close(Wakeup wakeup, Runnable release) throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            wakeup.wake(fd);
        } catch (IOException ignored) {
            // Best effort: a peer that is already gone cannot be woken and needs no waking.
        }
        Lock exclusive = inFlight.writeLock();
        exclusive.lock();
        try {
            Libc.close(fd);
        } catch (ErrnoException e) {
            throw new IOException(label + ": " + e.getMessage(), e);
        } finally {
            try {
                release.run();
            } finally {
                exclusive.unlock();
            }
        }
    }
}

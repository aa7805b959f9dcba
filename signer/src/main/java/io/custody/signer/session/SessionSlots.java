package io.custody.signer.session;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many sessions this node runs at once. A node pulls a job or accepts a proposal only with a
 * free slot ({@link #tryBegin}); a session it was announced into after accepting runs anyway
 * ({@link #begin}), bounded in the end by the enclave's own session cap.
 */
public final class SessionSlots {
    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    public SessionSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max sessions must be at least 1");
        }
        this.max = max;
    }

    public boolean tryBegin() {
        while (true) {
            int now = active.get();
            if (now >= max) {
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void begin() {
        active.incrementAndGet();
    }

    public void end() {
        active.decrementAndGet();
    }

    public int free() {
        return Math.max(0, max - active.get());
    }

    public int max() {
        return max;
    }
}

package io.custody.e2e;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes pool sign jobs at a steady pace on a background thread, through whatever the server
 * does meanwhile, and sorts them by what JetStream answered: acknowledged (PubAck: the job is in
 * JOBS and must not be lost) or not (the publish failed or timed out: maybe stored, maybe not).
 */
final class JobLoad implements AutoCloseable {
    private final Map<String, byte[]> acked = new ConcurrentSkipListMap<>();
    private final Map<String, byte[]> unacked = new ConcurrentHashMap<>();
    private final Thread publisher;
    private volatile boolean running = true;

    JobLoad(SignerPlane plane, String label, long pauseMillis) {
        publisher = Thread.ofVirtual().name("job-load-" + label).start(() -> {
            for (int i = 0; running; i++) {
                String jobId = "sign-" + label + "-" + i + "-" + System.nanoTime();
                byte[] hash = SignerPlane.randomHash();
                try {
                    plane.publishSign(jobId, hash); // returns only with the PubAck
                    acked.put(jobId, hash);
                } catch (Exception noPubAck) {
                    unacked.put(jobId, hash);
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    int ackedCount() {
        return acked.size();
    }

    Set<String> ackedIds() {
        return Set.copyOf(acked.keySet());
    }

    Map<String, byte[]> acked() {
        return Map.copyOf(acked);
    }

    Map<String, byte[]> unacked() {
        return Map.copyOf(unacked);
    }

    /** Waits until at least {@code count} jobs were acknowledged in all. */
    void awaitAcked(int count, long timeoutMillis) throws InterruptedException {
        long until = System.nanoTime() + timeoutMillis * 1_000_000;
        while (acked.size() < count) {
            if (System.nanoTime() > until) {
                throw new AssertionError("only " + acked.size() + " of " + count + " publishes acknowledged");
            }
            Thread.sleep(20);
        }
    }

    /** Stops publishing; the publish in progress finishes first. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        publisher.join();
    }
}

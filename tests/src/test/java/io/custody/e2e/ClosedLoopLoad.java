package io.custody.e2e;

import io.custody.proto.mpc.v1.JobResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sign jobs at a fixed concurrency on a {@link SignerPlane}: C callers, each publishing a pool
 * job and waiting for its first signature before the next (closed loop), so latency is the
 * service time at that concurrency rather than the queueing of a burst.
 */
final class ClosedLoopLoad {
    private static final Duration PER_JOB = Duration.ofSeconds(60);

    /** What one run measured; latency from the publish to the first node's signed result. */
    record Report(int concurrency, int jobs, long wallNanos, List<Long> sortedLatencyNanos) {
        double signaturesPerSecond() {
            return jobs * 1e9 / wallNanos;
        }

        long percentileMillis(int p) {
            int index = (int) Math.ceil(p / 100.0 * sortedLatencyNanos.size()) - 1;
            return sortedLatencyNanos.get(Math.max(0, index)) / 1_000_000;
        }

        String line() {
            return String.format("concurrency %2d: %3d jobs in %6d ms = %5.1f signatures/s; latency p50 %4d ms, "
                            + "p95 %4d ms, p99 %4d ms", concurrency, jobs, wallNanos / 1_000_000, signaturesPerSecond(),
                    percentileMillis(50), percentileMillis(95), percentileMillis(99));
        }
    }

    private ClosedLoopLoad() {}

    /** Runs {@code jobs} sign jobs at {@code concurrency}; every job id and hash lands in {@code published}. */
    static Report run(SignerPlane plane, String label, int concurrency, int jobs, Map<String, byte[]> published)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, byte[]> mine = new ConcurrentSkipListMap<>();
        long start = System.nanoTime();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                running.add(callers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                        String jobId = "sign-" + label + "-" + i + "-" + System.nanoTime();
                        byte[] hash = SignerPlane.randomHash();
                        mine.put(jobId, hash);
                        long published1 = System.nanoTime();
                        plane.publishSign(jobId, hash);
                        JobResult first = plane.terminal(jobId).get(PER_JOB.toSeconds(), TimeUnit.SECONDS);
                        if (!first.hasSign()) {
                            throw new AssertionError(jobId + " failed: " + first);
                        }
                        latencies.add(System.nanoTime() - published1);
                    }
                    return null;
                }));
            }
            for (Future<?> caller : running) {
                caller.get();
            }
        }
        long wall = System.nanoTime() - start;
        published.putAll(mine);
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        return new Report(concurrency, jobs, wall, sorted);
    }
}

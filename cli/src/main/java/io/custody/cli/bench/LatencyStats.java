package io.custody.cli.bench;

import java.util.Arrays;

/**
 * Latency figures of one run: nearest-rank percentiles (the smallest sample with at least p % of
 * the samples at or below it — always a measured value, never an interpolation), mean and max, and
 * the throughput (completed requests over the run's wall-clock time).
 */
public record LatencyStats(int count, double wallSeconds, long minNanos, long meanNanos, long p50Nanos,
        long p95Nanos, long p99Nanos, long maxNanos) {

    /** The figures of {@code latenciesNanos} (any order, at least one) measured over {@code wallNanos}. */
    public static LatencyStats of(long[] latenciesNanos, long wallNanos) {
        if (latenciesNanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("wall time must be positive");
        }
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (long l : sorted) {
            sum += l;
        }
        return new LatencyStats(sorted.length, wallNanos / 1e9, sorted[0], Math.round((double) sum / sorted.length),
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest rank: {@code sorted[ceil(p/100 · n) − 1]}; p in (0, 100]. */
    static long percentile(long[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Completed requests per second of wall-clock time. */
    public double throughput() {
        return count / wallSeconds;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}

package io.custody.cli.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The printed table: one row per concurrency, and the distributed/in-process ratio when known. */
public final class BenchReport {
    private BenchReport() {}

    /** One concurrency level's figures. */
    public record Row(int concurrency, LatencyStats stats) {}

    public static String table(List<Row> rows, Optional<InProcessFigure> inProcess) {
        StringBuilder out = new StringBuilder();
        boolean ratio = inProcess.isPresent();
        out.append("| C | requests | wall s | sign/s | p50 ms | p95 ms | p99 ms | max ms | mean ms |");
        out.append(ratio ? " p50 / in-process mean |\n" : "\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        out.append(ratio ? "---:|\n" : "\n");
        for (Row row : rows) {
            LatencyStats s = row.stats();
            out.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f |",
                    row.concurrency(), s.count(), s.wallSeconds(), s.throughput(), LatencyStats.millis(s.p50Nanos()),
                    LatencyStats.millis(s.p95Nanos()), LatencyStats.millis(s.p99Nanos()),
                    LatencyStats.millis(s.maxNanos()), LatencyStats.millis(s.meanNanos())));
            if (ratio) {
                out.append(String.format(Locale.ROOT, " %.1f× |", ratio(s.p50Nanos(), inProcess.get())));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** How many in-process signatures (mean) fit in one distributed latency. */
    public static double ratio(long distributedNanos, InProcessFigure inProcess) {
        return LatencyStats.millis(distributedNanos) / inProcess.meanMillis();
    }
}

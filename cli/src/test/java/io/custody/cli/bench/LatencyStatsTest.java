package io.custody.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyStatsTest {
    private static final long MS = 1_000_000L;

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = (100 - i) * MS; // reversed: of() must sort
        }
        LatencyStats s = LatencyStats.of(samples, 10_000 * MS);
        assertEquals(100, s.count());
        assertEquals(1 * MS, s.minNanos());
        assertEquals(50 * MS, s.p50Nanos());
        assertEquals(95 * MS, s.p95Nanos());
        assertEquals(99 * MS, s.p99Nanos());
        assertEquals(100 * MS, s.maxNanos());
        assertEquals(50_500_000L, s.meanNanos());
        assertEquals(10.0, s.throughput(), 1e-9);
    }

    @Test
    void smallSamplesTakeTheNextMeasuredValue() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 1000};
        assertEquals(50, LatencyStats.percentile(sorted, 50));
        assertEquals(1000, LatencyStats.percentile(sorted, 95)); // ceil(9.5) = rank 10
        assertEquals(1000, LatencyStats.percentile(sorted, 99));
        assertEquals(10, LatencyStats.percentile(sorted, 1));
        assertEquals(1000, LatencyStats.percentile(sorted, 100));
        LatencyStats one = LatencyStats.of(new long[] {7 * MS}, 7 * MS);
        assertEquals(7 * MS, one.p50Nanos());
        assertEquals(7 * MS, one.p99Nanos());
        assertEquals(1 / 0.007, one.throughput(), 1e-6);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[0], 1));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[] {1}, 101));
    }

    @Test
    void tableAndRatioFromTheInProcessFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("in-process-sign.properties");
        assertEquals(Optional.empty(), InProcessFigure.read(file));
        Files.writeString(file, "sign.mean.ms=25.0\nsign.p50.ms=24.5\nsign.runs=50\nquorum=3-of-5\nmeasured.at=now\n");
        InProcessFigure figure = InProcessFigure.read(file).orElseThrow();
        assertEquals(25.0, figure.meanMillis());
        LatencyStats s = LatencyStats.of(new long[] {250 * MS, 500 * MS}, 750 * MS);
        assertEquals(10.0, BenchReport.ratio(s.p50Nanos(), figure), 1e-9);
        String table = BenchReport.table(List.of(new BenchReport.Row(8, s)), Optional.of(figure));
        assertTrue(table.contains("| 8 | 2 | 0.8 | 2.67 | 250 | 500 | 500 | 500 | 375 | 10.0× |"), table);
        String plain = BenchReport.table(List.of(new BenchReport.Row(1, s)), Optional.empty());
        assertTrue(!plain.contains("in-process"), plain);
    }
}

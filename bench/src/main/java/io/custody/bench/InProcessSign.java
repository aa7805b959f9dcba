package io.custody.bench;

import io.custody.dkls23.KeyShare;
import io.custody.dkls23.local.LocalParties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The in-process figure {@code custodyctl bench} compares against: one 3-of-5 DKG, then the same
 * quorum as the cluster's pool (parties 1, 3, 5; every party in this thread, no network) signs
 * {@code warmup} + {@code runs} random hashes; prints the mean and p50 of the measured runs and
 * writes them to {@code bench/target/in-process-sign.properties} (or the path given).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.custody.bench.InProcessSign [runs] [warmup] [file]</pre>
 */
public final class InProcessSign {
    private InProcessSign() {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path file = Path.of(args.length > 2 ? args[2] : "bench/target/in-process-sign.properties");
        SecureRandom random = new SecureRandom();
        long dkgStart = System.nanoTime();
        List<KeyShare> shares = LocalParties.dkg(3, 5, bytes32(random));
        double dkgMillis = (System.nanoTime() - dkgStart) / 1e6;
        try {
            List<KeyShare> quorum = List.of(shares.get(0), shares.get(2), shares.get(4));
            for (int i = 0; i < warmup; i++) {
                LocalParties.sign(quorum, bytes32(random), bytes32(random));
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                byte[] signId = bytes32(random);
                byte[] hash = bytes32(random);
                long t0 = System.nanoTime();
                LocalParties.sign(quorum, signId, hash);
                nanos[i] = System.nanoTime() - t0;
            }
            double mean = Arrays.stream(nanos).average().orElseThrow() / 1e6;
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double p50 = sorted[(int) Math.ceil(0.5 * runs) - 1] / 1e6;
            String text = String.format(Locale.ROOT, """
                    # io.custody.bench.InProcessSign: 3-of-5 DKG, then parties 1, 3, 5 sign in one thread (no network)
                    quorum=3-of-5
                    sign.mean.ms=%.3f
                    sign.p50.ms=%.3f
                    sign.runs=%d
                    sign.warmup=%d
                    dkg.ms=%.1f
                    cores=%d
                    jdk=%s
                    measured.at=%s
                    """, mean, p50, runs, warmup, dkgMillis, Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), Instant.now());
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "in-process 3-of-5: DKG %.0f ms; sign mean %.1f ms, p50 %.1f ms over %d runs"
                    + " (after %d warm-up); written to %s%n", dkgMillis, mean, p50, runs, warmup, file);
        } finally {
            shares.forEach(KeyShare::close);
        }
    }

    private static byte[] bytes32(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}

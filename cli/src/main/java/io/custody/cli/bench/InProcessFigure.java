package io.custody.cli.bench;

import io.custody.cli.CustodyCliException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The in-process signing time of the same quorum, as {@code bench}'s {@code io.custody.bench.InProcessSign}
 * measured it (3-of-5, parties 1, 3, 5, every party in one thread, no network) and wrote to
 * {@code bench/target/in-process-sign.properties}. custodyctl does not link the native binding
 * (module boundaries: it depends on {@code proto} only), so it reads the figure from that file.
 */
public record InProcessFigure(double meanMillis, double p50Millis, int runs, String quorum, String measuredAt,
        Path file) {

    public static final String FILE = "bench/target/in-process-sign.properties";

    /** The figure in {@code file}, or empty if there is no such file. */
    public static Optional<InProcessFigure> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(new InProcessFigure(Double.parseDouble(p.getProperty("sign.mean.ms")),
                    Double.parseDouble(p.getProperty("sign.p50.ms")), Integer.parseInt(p.getProperty("sign.runs")),
                    p.getProperty("quorum", "?"), p.getProperty("measured.at", "?"), file));
        } catch (IOException | RuntimeException e) {
            throw new CustodyCliException.IoFailure("cannot read the in-process figure " + file + ": " + e, e);
        }
    }
}

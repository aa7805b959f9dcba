package io.custody.cli;

import io.custody.cli.bench.BenchReport;
import io.custody.cli.bench.InProcessFigure;
import io.custody.cli.bench.LatencyStats;
import io.custody.cli.bench.LoadGenerator;
import io.custody.cli.bench.LoadGenerator.BenchWallet;
import io.custody.cli.grpc.RequestKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code custodyctl bench}: closed-loop signing load through the control plane's gRPC API. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Closed-loop signing load through a running control plane's gRPC API (default: the dev",
            "cluster's, with its operator key). Registers a bench API client (fresh Ed25519 key, signed",
            "by the operator key), creates W governed wallets, then for each concurrency C sends N",
            "SignMessage requests (EIP-191) C at a time over the W wallets; each is timed from the call",
            "to SIGNED and every signature is verified (it recovers the wallet's address).",
            "Prints throughput and latency p50/p95/p99/max per C and, when",
            "bench/target/in-process-sign.properties exists (io.custody.bench.InProcessSign), the",
            "ratio to an in-process 3-of-5 signature. DEV tooling: plaintext gRPC."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DevCommand.Location location;

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "The control plane (plaintext gRPC; default: the dev cluster's, 127.0.0.1:<control.grpc.port>).")
    String target;

    @Option(names = "--operator-key", paramLabel = "PEM",
            description = "The operator's Ed25519 PRIVATE KEY PEM (default: the dev cluster's secrets/admin-key.pem).")
    Path operatorKey;

    @Option(names = "--operator-public-key", paramLabel = "PEM",
            description = "Its PUBLIC KEY PEM (default: the dev cluster's).")
    Path operatorPublicKey;

    @Option(names = "--requests", defaultValue = "100", description = "Measured requests per concurrency (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,8,32",
            description = "Concurrencies, repeatable or a list (default ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(names = "--wallets", defaultValue = "4", description = "Governed wallets to spread the load over (default ${DEFAULT-VALUE}).")
    int wallets;

    @Option(names = "--warmup", defaultValue = "5",
            description = "Unmeasured requests before each concurrency, at that concurrency (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--wait", defaultValue = "watch",
            description = "How SIGNED is observed: watch (WatchSigningRequest) or poll (GetSigningRequest; default ${DEFAULT-VALUE}).")
    String waitMode;

    @Option(names = "--poll-interval-ms", defaultValue = "10", description = "Poll interval with --wait poll (default ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--request-timeout-s", defaultValue = "120", description = "Per request (default ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    @Option(names = "--in-process", paramLabel = "FILE",
            description = "The in-process figure (default: <root>/" + InProcessFigure.FILE + ").")
    Path inProcessFile;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        String endpoint = ControlPlaneTarget.endpoint(location, target);
        RequestKey operator = ControlPlaneTarget.operator(location, operatorKey, operatorPublicKey);
        Optional<InProcessFigure> inProcess = InProcessFigure.read(inProcessPath());

        LoadGenerator.Wait wait = LoadGenerator.Wait.valueOf(waitMode.toUpperCase(Locale.ROOT));
        say(out, String.format(Locale.ROOT, "target %s, %d request(s) per concurrency %s over %d wallet(s), warmup %d, "
                + "SignMessage timed from the call to SIGNED (%s), %d cores, JDK %s", endpoint, requests, concurrency,
                wallets, warmup, wait == LoadGenerator.Wait.WATCH ? "WatchSigningRequest"
                        : "GetSigningRequest every " + pollMillis + " ms",
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        List<BenchReport.Row> rows = new ArrayList<>();
        try (LoadGenerator load = new LoadGenerator(endpoint, out, wait, Duration.ofMillis(pollMillis),
                Duration.ofSeconds(requestTimeoutSeconds))) {
            RequestKey client = load.registerClient(operator);
            List<BenchWallet> created = load.createWallets(client, wallets, Duration.ofSeconds(180));
            for (int c : concurrency) {
                if (warmup > 0) {
                    load.run(client, created, warmup, Math.min(c, warmup), "warmup-c" + c);
                }
                LatencyStats stats = load.run(client, created, requests, c, "c" + c);
                rows.add(new BenchReport.Row(c, stats));
                say(out, String.format(Locale.ROOT, "C=%d: %d signed and verified in %.1f s, %.2f sign/s, p50 %.0f ms, "
                        + "p95 %.0f ms, p99 %.0f ms, max %.0f ms", c, stats.count(), stats.wallSeconds(),
                        stats.throughput(), stats.p50Nanos() / 1e6, stats.p95Nanos() / 1e6, stats.p99Nanos() / 1e6,
                        stats.maxNanos() / 1e6));
            }
        }
        out.println();
        out.print(BenchReport.table(rows, inProcess));
        if (inProcess.isPresent()) {
            InProcessFigure f = inProcess.get();
            out.println(String.format(Locale.ROOT, "in-process %s sign (native binding, one thread, no network): mean %.1f ms,"
                    + " p50 %.1f ms over %d runs, measured %s (%s)", f.quorum(), f.meanMillis(), f.p50Millis(), f.runs(),
                    f.measuredAt(), f.file()));
        } else {
            out.println("no in-process figure (" + inProcessPath() + "): run `java --enable-native-access=ALL-UNNAMED"
                    + " -cp bench/target/benchmarks.jar io.custody.bench.InProcessSign` for the ratio");
        }
        out.flush();
        return 0;
    }

    private void validate() {
        if (requests < 1 || wallets < 1 || warmup < 0 || pollMillis < 1 || requestTimeoutSeconds < 1
                || concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1 || c > 4096)) {
            throw new ParameterException(spec.commandLine(), "--requests, --wallets, --concurrency (1..4096) must be"
                    + " positive, --warmup at least 0");
        }
        if (!waitMode.equalsIgnoreCase("watch") && !waitMode.equalsIgnoreCase("poll")) {
            throw new ParameterException(spec.commandLine(), "--wait is watch or poll");
        }
    }

    private Path inProcessPath() {
        if (inProcessFile != null) {
            return inProcessFile;
        }
        try {
            return location.checkout().root().resolve(InProcessFigure.FILE);
        } catch (CustodyCliException e) {
            return Path.of(InProcessFigure.FILE);
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println("[bench] " + line);
        out.flush();
    }
}

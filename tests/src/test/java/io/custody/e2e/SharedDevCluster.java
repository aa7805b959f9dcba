package io.custody.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code custodyctl dev up --free-ports} cluster (temp state directory) shared by every test
 * class of this JVM that asks for it as a parameter ({@code @ExtendWith(SharedDevCluster.class)}):
 * started on first use, stopped with {@code dev down} (and its directory deleted) when the test
 * run ends — a whole-system start costs about 20 s, so {@link AnvilTransferTest} and
 * {@link GrpcurlAdminTest} pay it once.
 */
final class SharedDevCluster implements ParameterResolver, AutoCloseable {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path CUSTODYCTL = ROOT.resolve("cli").resolve("target").resolve("custodyctl.jar");

    record Run(int rc, String out) {}

    private final Path state;
    private final Properties recorded = new Properties();
    private int demos;

    /** For JUnit (the extension instance); the cluster itself lives in the root store. */
    SharedDevCluster() {
        this.state = null;
    }

    private SharedDevCluster(Path state) {
        this.state = state;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedDevCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedDevCluster.class))
                .getOrComputeIfAbsent("cluster", key -> start(), SharedDevCluster.class);
    }

    private static SharedDevCluster start() {
        assertTrue(Files.isRegularFile(CUSTODYCTL), CUSTODYCTL + " is missing: the reactor builds cli before tests"
                + " (mvn -B -ntp verify -pl tests -am)");
        try {
            Path dir = Files.createTempDirectory("custody-shared-dev-");
            // As root, Postgres runs as nobody, who must reach the state directory.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            SharedDevCluster cluster = new SharedDevCluster(dir);
            long start = System.nanoTime();
            Run up = cluster.custodyctl(Duration.ofMinutes(3), "dev", "up", "--free-ports");
            SignerPlane.lap("shared dev up", start);
            if (up.rc() != 0) {
                cluster.close();
            }
            assertEquals(0, up.rc(), up.out());
            assertTrue(up.out().contains("5 nodes healthy"), up.out());
            try (Reader in = Files.newBufferedReader(dir.resolve("cluster.properties"))) {
                cluster.recorded.load(in);
            }
            return cluster;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int grpcPort() {
        return Integer.parseInt(recorded.getProperty("control.grpc.port"));
    }

    /** {@code custodyctl dev demo ARGS}; counts the runs (each leaves a wallet and audit events behind). */
    synchronized Run demo(String... args) {
        List<String> all = new ArrayList<>(List.of("dev", "demo"));
        all.addAll(List.of(args));
        Run run = custodyctl(Duration.ofMinutes(2), all.toArray(String[]::new));
        if (run.rc() == 0) {
            demos++;
        }
        return run;
    }

    /** Makes sure at least one demo ran (a governed wallet exists, the audit chain is not empty). */
    synchronized void ensureDemoRan() {
        if (demos == 0) {
            Run run = demo("--no-transfer");
            assertEquals(0, run.rc(), run.out());
        }
    }

    Run custodyctl(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", CUSTODYCTL.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--root", ROOT.toString(), "--state-dir", state.toString()));
        return run(command, timeout);
    }

    /** Runs a command, stdout and stderr merged; fails the test if it outlives {@code timeout}. */
    static Run run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            StringBuilder output = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                reader.join(5_000);
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ":\n" + output);
            }
            reader.join(10_000);
            System.out.println("$ " + String.join(" ", command) + "  (exit " + process.exitValue() + ")\n" + output);
            return new Run(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (state == null) {
            return;
        }
        Run down = custodyctl(Duration.ofMinutes(1), "dev", "down");
        if (down.rc() != 0) {
            System.err.println("dev down failed:\n" + down.out());
            return; // leave the directory for the logs
        }
        try (Stream<Path> files = Files.walk(state)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}

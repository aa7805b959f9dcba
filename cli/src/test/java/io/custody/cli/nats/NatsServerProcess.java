package io.custody.cli.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nats-server child process for tests: found on PATH (or $NATS_SERVER), started with a
 * config file, ready when its log says so, stopped on {@link #close()}. No binary = the test
 * fails with how to get one; nothing is skipped.
 */
final class NatsServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private NatsServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The nats-server binary, or an AssertionError naming .ci/run. */
    static String binary() {
        String env = System.getenv("NATS_SERVER");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "nats-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String p : List.of("/usr/sbin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("nats-server is not installed: these tests need a real server. "
                + "`bash .ci/run` installs it (apt-get install nats-server), or set NATS_SERVER=/path/to/nats-server.");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code nats-server -t -c config}: the exit code and output. */
    static Result validate(Path config) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary(), "-t", "-c", config.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("nats-server -t did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exitCode, String output) {}

    static NatsServerProcess start(Path config, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        NatsServerProcess server = new NatsServerProcess(p, log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new AssertionError("nats-server exited with " + p.exitValue() + ":\n" + server.log());
            }
            if (server.log().contains("Server is ready")) {
                return server;
            }
            Thread.sleep(50);
        }
        server.close();
        throw new AssertionError("nats-server not ready after 20 s:\n" + server.log());
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nats-server shuts down cleanly
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

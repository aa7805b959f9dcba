package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import io.custody.cli.dev.ClusterState.Component;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the processes of a dev cluster so they outlive custodyctl: in a session of their own
 * ({@code setsid}, where it exists — a Ctrl-C meant for the shell that ran {@code dev up} does
 * not reach them), stdin from {@code /dev/null}, stdout and stderr appended to one log file.
 * The environment is custodyctl's minus every {@code AWS_*} variable, plus what the caller gives.
 */
final class Launcher {
    private static final Optional<Path> SETSID = find("setsid");

    private Launcher() {}

    static Component start(String name, List<String> command, Path log, Map<String, String> env, int port) {
        List<String> full = new ArrayList<>();
        SETSID.ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            ProcessHandle handle = process.toHandle();
            long started = handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
            return new Component(name, handle.pid(), started, port, log);
        } catch (IOException e) {
            throw new CustodyCliException.ClusterFailure("cannot start " + name + " (" + command.getFirst() + "): "
                    + e.getMessage(), e);
        }
    }

    /** A process that custodyctl waits for (setup programs): its exit code, output in {@code log}. */
    static int run(String name, List<String> command, Path log, Map<String, String> env, java.time.Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CustodyCliException.ClusterFailure(name + " did not finish within " + timeout.toSeconds()
                        + " s; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new CustodyCliException.ClusterFailure("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustodyCliException.ClusterFailure("interrupted while " + name + " ran", e);
        }
    }

    /**
     * Runs a setup program and returns its stdout (also appended to {@code log}, with its stderr);
     * a non-zero exit is a {@link CustodyCliException.ClusterFailure} showing the log's tail.
     */
    static String capture(String name, List<String> command, Path log, Map<String, String> env,
                          java.time.Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            Path stdout = Files.createTempFile(log.getParent(), name, ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectOutput(stdout.toFile());
                builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new CustodyCliException.ClusterFailure(name + " did not finish within "
                            + timeout.toSeconds() + " s; see " + log);
                }
                String out = Files.readString(stdout);
                Files.writeString(log, out, java.nio.file.StandardOpenOption.APPEND);
                if (process.exitValue() != 0) {
                    throw new CustodyCliException.ClusterFailure(name + " failed with exit code "
                            + process.exitValue() + ":\n" + Readiness.tail(log));
                }
                return out;
            } finally {
                Files.deleteIfExists(stdout);
            }
        } catch (IOException e) {
            throw new CustodyCliException.ClusterFailure("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustodyCliException.ClusterFailure("interrupted while " + name + " ran", e);
        }
    }

    /** An executable on PATH, or in /usr/sbin and /sbin (Debian puts nats-server and runuser there). */
    static Optional<Path> find(String binary) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

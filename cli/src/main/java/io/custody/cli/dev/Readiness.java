package io.custody.cli.dev;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.dev.ClusterState.Component;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Readiness checks for a started component: a line in its log, an open port, a live process. */
final class Readiness {
    static final int TAIL_LINES = 25;

    private Readiness() {}

    /** Waits for a log line containing {@code needle}; returns that line. Fails if the process exits first. */
    static String awaitLogLine(Component c, String needle, Duration timeout) {
        return awaitLogLine(c, line -> line.contains(needle), "\"" + needle + "\"", timeout);
    }

    static String awaitLogLine(Component c, Predicate<String> wanted, String what, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = lines(c.log()).stream().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!ProcessLiveness.isRunning(c)) {
                throw new ClusterFailure(c.name() + " exited before it logged " + what + ":\n" + tail(c.log()));
            }
            if (System.nanoTime() > until) {
                throw new ClusterFailure(c.name() + " did not log " + what + " within " + timeout.toSeconds()
                        + " s:\n" + tail(c.log()));
            }
            sleep(100);
        }
    }

    /** Waits until 127.0.0.1:port accepts connections while the process lives. */
    static void awaitPort(Component c, int port, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (!portOpen(port)) {
            if (c != null && !ProcessLiveness.isRunning(c)) {
                throw new ClusterFailure(c.name() + " exited before it listened on 127.0.0.1:" + port + ":\n"
                        + tail(c.log()));
            }
            if (System.nanoTime() > until) {
                throw new ClusterFailure((c == null ? "nothing" : c.name()) + " listens on 127.0.0.1:" + port
                        + " after " + timeout.toSeconds() + " s" + (c == null ? "" : ":\n" + tail(c.log())));
            }
            sleep(50);
        }
    }

    static boolean portOpen(int port) {
        if (port <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a log, indented, for an error message. */
    static String tail(Path log) {
        List<String> lines = lines(log);
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        StringBuilder b = new StringBuilder("  --- last lines of ").append(log).append(" ---\n");
        last.forEach(l -> b.append("  | ").append(l).append('\n'));
        return b.toString();
    }

    private static List<String> lines(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterFailure("interrupted", e);
        }
    }
}

package io.custody.cli.dev;

import io.custody.cli.dev.ClusterState.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a recorded process still runs, and stopping it: SIGTERM, a grace period, then SIGKILL.
 * A pid counts as the recorded process only while its start time matches the record (within a
 * second), so a pid the kernel has since reused is left alone.
 */
final class ProcessLiveness {
    private static final long START_TOLERANCE_MILLIS = 1_000;

    private ProcessLiveness() {}

    static Optional<ProcessHandle> handle(Component c) {
        if (c.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(c.pid()).filter(ProcessHandle::isAlive).filter(h -> !zombie(h.pid()))
                .filter(h -> c.startedMillis() == 0
                || h.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - c.startedMillis())
                        <= START_TOLERANCE_MILLIS).orElse(true));
    }

    /**
     * An exited process its parent has not reaped yet (state Z in /proc). custodyctl is not the
     * parent of what an earlier {@code dev up} started, and an init that reaps slowly (or never,
     * in some containers) would otherwise keep it "alive".
     */
    static boolean zombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean isRunning(Component c) {
        return handle(c).isPresent();
    }

    /**
     * SIGTERM to every component at once, then waits up to {@code grace} for all; SIGKILL for those
     * still alive. Returns the names of the components that had to be killed.
     */
    static List<String> stop(List<Component> components, Duration grace) {
        List<Component> running = new ArrayList<>();
        for (Component c : components) {
            handle(c).ifPresent(h -> {
                h.destroy();
                running.add(c);
            });
        }
        long until = System.nanoTime() + grace.toNanos();
        while (running.stream().anyMatch(ProcessLiveness::isRunning) && System.nanoTime() < until) {
            Readiness.sleep(100);
        }
        List<String> killed = new ArrayList<>();
        for (Component c : running) {
            handle(c).ifPresent(h -> {
                h.destroyForcibly();
                killed.add(c.name());
            });
        }
        long killUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (running.stream().anyMatch(ProcessLiveness::isRunning) && System.nanoTime() < killUntil) {
            Readiness.sleep(50);
        }
        return killed;
    }
}

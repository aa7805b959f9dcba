package io.custody.cli.dev;

import io.custody.cli.dev.ClusterState.Component;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code dev down}: stops what the state file records, consumers before what they depend on —
 * control plane, signers, enclaves, KMS emulator, Postgres ({@code pg_ctl stop -m fast}), then
 * nats-server. Each group gets SIGTERM and {@link #GRACE} to exit, then SIGKILL. Idempotent: what
 * is not running is skipped; logs and data stay until the next {@code dev up}.
 */
public final class ClusterDown {
    static final Duration GRACE = Duration.ofSeconds(10);

    private record Group(String title, Predicate<String> member) {}

    private static final List<Group> ORDER = List.of(
            new Group("control plane", n -> n.equals("control-plane")),
            new Group("signers", n -> n.startsWith("signer-")),
            new Group("enclaves", n -> n.startsWith("enclave-")),
            new Group("KMS emulator", n -> n.equals("kms-emulator")),
            new Group("Postgres", n -> n.equals("postgres")),
            new Group("nats-server", n -> n.equals("nats-server")));

    private ClusterDown() {}

    /** Stops the recorded cluster; returns false if there was none. */
    public static boolean run(DevLayout layout, PrintWriter out) {
        Optional<ClusterState> state = ClusterState.load(layout);
        if (state.isEmpty()) {
            out.println("no dev cluster recorded in " + layout.stateDir() + "; nothing to stop");
            return false;
        }
        stopAll(layout, state.get(), out);
        out.println("dev cluster stopped; logs in " + layout.logs());
        return true;
    }

    static void stopAll(DevLayout layout, ClusterState state, PrintWriter out) {
        List<Component> components = state.components();
        for (Group group : ORDER) {
            List<Component> members = components.stream().filter(c -> group.member().test(c.name())).toList();
            if (members.isEmpty()) {
                continue;
            }
            List<Component> running = members.stream().filter(ProcessLiveness::isRunning).toList();
            if (running.isEmpty()) {
                out.println("  " + group.title() + ": not running");
                continue;
            }
            long start = System.nanoTime();
            String how = "SIGTERM";
            if (group.title().equals("Postgres") && EmbeddedPostgres.stop(state, layout.log("postgres"))) {
                how = "pg_ctl stop -m fast";
            }
            List<String> killed = ProcessLiveness.stop(running, GRACE);
            out.printf("  %s: stopped %d (%s%s, %.1f s)%n", group.title(), running.size(), how,
                    killed.isEmpty() ? "" : "; SIGKILL for " + String.join(", ", killed),
                    (System.nanoTime() - start) / 1e9);
        }
        out.flush();
        state.put(ClusterState.STOPPED, Instant.now().toString());
        state.save(layout);
    }
}

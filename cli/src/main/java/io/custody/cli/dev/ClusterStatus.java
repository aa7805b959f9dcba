package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import io.custody.cli.dev.ClusterState.Component;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.proto.mpc.v1.Heartbeat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dev status}: one line per recorded component — pid alive (start time matching the
 * record), port open, and for signers the age of their last heartbeat on {@code custody.health.*}
 * (watched for {@link #HEARTBEAT_WINDOW} as {@code control-1}). Up means all of that holds.
 */
public final class ClusterStatus {
    /** A little more than the signers' 2 s heartbeat interval. */
    static final Duration HEARTBEAT_WINDOW = Duration.ofMillis(2_500);
    /** A heartbeat older than this counts as missing. */
    static final Duration HEARTBEAT_STALE = Duration.ofSeconds(10);

    private ClusterStatus() {}

    /** Prints the table; returns true if every component is up. */
    public static boolean run(DevLayout layout, PrintWriter out) {
        Optional<ClusterState> loaded = ClusterState.load(layout);
        if (loaded.isEmpty()) {
            out.println("no dev cluster recorded in " + layout.stateDir() + " (`custodyctl dev up` starts one)");
            return false;
        }
        ClusterState state = loaded.get();
        List<Component> components = state.components();
        Map<String, Heartbeat> beats = heartbeats(state, components);
        boolean allUp = !components.isEmpty();
        out.println(String.format(Locale.ROOT, "%-14s %-8s %-6s %-5s %s", "COMPONENT", "PID", "PORT", "STATE",
                "DETAIL"));
        for (Component c : components) {
            boolean alive = ProcessLiveness.isRunning(c);
            boolean portOk = c.port() == 0 || Readiness.portOpen(c.port());
            String detail = c.port() == 0 ? "" : portOk ? "listening on 127.0.0.1:" + c.port() : "port " + c.port()
                    + " closed";
            boolean up = alive && portOk;
            if (c.name().startsWith("enclave-")) {
                java.nio.file.Path socket = state.get(StateDirectory.SOCKETS).map(java.nio.file.Path::of)
                        .orElse(layout.sockets()).resolve(c.name() + ".sock");
                boolean present = java.nio.file.Files.exists(socket);
                detail = (present ? "socket " : "socket missing: ") + socket;
                up &= present;
            }
            if (c.name().equals("control-plane") && alive && portOk) {
                try (ControlPlaneClient client = ControlPlaneClient.loopback(c.port())) {
                    int healthy = client.healthyNodes(Duration.ofSeconds(3));
                    detail = healthy < 0 ? "gRPC on 127.0.0.1:" + c.port() + " does not answer"
                            : "gRPC on 127.0.0.1:" + c.port() + ", " + healthy + "/" + state.nodes().size()
                                    + " nodes healthy (AdminService.ListNodes)";
                    up &= healthy >= 0;
                }
            }
            if (c.name().startsWith("signer-")) {
                String node = c.name().substring("signer-".length());
                Heartbeat beat = beats.get(node);
                if (beat == null) {
                    detail = "no heartbeat within " + HEARTBEAT_WINDOW.toMillis() + " ms";
                    up = false;
                } else {
                    long age = System.currentTimeMillis() - beat.getUnixMillis();
                    detail = String.format(Locale.ROOT, "heartbeat %.1f s ago, %d free session slots, enclave %s",
                            age / 1000.0, beat.getFreeSessionSlots(),
                            beat.getEnclaveState().name().replace("ENCLAVE_STATE_", "").toLowerCase(Locale.ROOT));
                    up &= age <= HEARTBEAT_STALE.toMillis();
                }
            }
            allUp &= up;
            out.println(String.format(Locale.ROOT, "%-14s %-8s %-6s %-5s %s", c.name(), alive ? c.pid() : "-",
                    c.port() == 0 ? "-" : c.port(), up ? "up" : "DOWN", detail).stripTrailing());
        }
        if (components.stream().noneMatch(c -> c.name().equals("control-plane"))) {
            out.println(String.format(Locale.ROOT, "%-14s %-8s %-6s %-5s %s", "control-plane", "-", "-", "-",
                    state.get(ClusterState.CONTROL_SKIPPED).orElse("not started")));
        }
        String stopped = state.get(ClusterState.STOPPED).map(t -> "; stopped by `dev down` at " + t).orElse("");
        out.println((allUp ? "all up" : "NOT all up") + " (started " + state.get(ClusterState.STARTED).orElse("?")
                + stopped + "; logs in " + layout.logs() + ")");
        out.flush();
        return allUp;
    }

    private static Map<String, Heartbeat> heartbeats(ClusterState state, List<Component> components) {
        Map<String, Heartbeat> beats = new HashMap<>();
        Optional<Component> nats = components.stream().filter(c -> c.name().equals("nats-server")).findFirst();
        boolean anySigner = components.stream().anyMatch(c -> c.name().startsWith("signer-"));
        if (!anySigner || nats.isEmpty() || !ProcessLiveness.isRunning(nats.get())) {
            return beats;
        }
        try (ControlUser control = ControlUser.connect(state);
                Heartbeats watch = Heartbeats.watch(control.connection())) {
            watch.collect(HEARTBEAT_WINDOW);
            for (String node : state.nodes()) {
                watch.latest(node).ifPresent(b -> beats.put(node, b));
            }
        } catch (CustodyCliException e) {
            return beats; // NATS unreachable: every signer shows "no heartbeat"
        }
        return beats;
    }
}

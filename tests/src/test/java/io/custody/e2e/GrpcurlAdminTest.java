package io.custody.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The control plane's admin API driven with the real {@code grpcurl} binary, as an operator
 * would against the dev cluster ({@link SharedDevCluster}; plaintext on loopback, server
 * reflection): {@code list} shows both services, {@code describe} AdminService, the standard
 * health check says SERVING, ListNodes has the five nodes healthy, ListAuditEvents and a valid
 * VerifyAuditChain after a demo ran, and GetNode of an unknown node fails with NotFound (grpcurl
 * exits 64 + the status code). Skipped when grpcurl is not installed.
 */
@ExtendWith(SharedDevCluster.class)
class GrpcurlAdminTest {
    private static final String ADMIN = "custody.admin.v1.AdminService";

    /** Runs before the test method's parameter (the shared cluster) is resolved: no grpcurl, no cluster started. */
    @BeforeEach
    void requireGrpcurl() {
        assumeTrue(find().isPresent(), "grpcurl is not installed (not on PATH, ~/.local/bin, ~/go/bin; $GRPCURL"
                + " unset) — .ci/run installs it with go install github.com/fullstorydev/grpcurl/cmd/grpcurl;"
                + " skipping");
    }

    @Test
    void adminApiThroughGrpcurl(SharedDevCluster cluster) {
        Optional<Path> grpcurl = find();
        String target = "127.0.0.1:" + cluster.grpcPort();
        cluster.ensureDemoRan();

        SharedDevCluster.Run list = grpcurl(grpcurl.get(), target, "list");
        assertEquals(0, list.rc(), list.out());
        Set<String> services = list.out().lines().map(String::strip).collect(Collectors.toSet());
        assertTrue(services.containsAll(Set.of(ADMIN, "custody.v1.CustodyService", "grpc.health.v1.Health")),
                list.out());

        SharedDevCluster.Run describe = grpcurl(grpcurl.get(), target, "describe", ADMIN);
        assertEquals(0, describe.rc(), describe.out());
        assertTrue(describe.out().contains(ADMIN + " is a service:"), describe.out());
        for (String rpc : List.of("ListNodes", "GetNode", "ListAuditEvents", "VerifyAuditChain", "RegisterApiClient")) {
            assertTrue(describe.out().contains("rpc " + rpc + " ("), rpc + " in:\n" + describe.out());
        }

        SharedDevCluster.Run health = grpcurl(grpcurl.get(), target, "grpc.health.v1.Health/Check");
        assertEquals(0, health.rc(), health.out());
        assertEquals("SERVING", json(health).get("status").getAsString(), health.out());

        SharedDevCluster.Run nodes = grpcurl(grpcurl.get(), target, ADMIN + "/ListNodes");
        assertEquals(0, nodes.rc(), nodes.out());
        JsonArray nodeList = json(nodes).getAsJsonArray("nodes");
        assertEquals(List.of("s1", "s2", "s3", "s4", "s5"), StreamSupport.stream(nodeList.spliterator(), false)
                .map(n -> n.getAsJsonObject().get("node_id").getAsString()).sorted().toList(), nodes.out());
        nodeList.forEach(n -> assertEquals("NODE_HEALTH_HEALTHY", n.getAsJsonObject().get("health").getAsString(),
                nodes.out()));

        SharedDevCluster.Run events = grpcurl(grpcurl.get(), target, ADMIN + "/ListAuditEvents");
        assertEquals(0, events.rc(), events.out());
        JsonArray eventList = json(events).getAsJsonArray("events");
        assertTrue(eventList != null && !eventList.isEmpty(), events.out());
        Set<String> actions = StreamSupport.stream(eventList.spliterator(), false)
                .map(e -> e.getAsJsonObject().get("action").getAsString()).collect(Collectors.toSet());
        assertTrue(actions.containsAll(Set.of("api_client.register", "wallet.create")), actions.toString());
        assertEquals("1", eventList.get(0).getAsJsonObject().get("sequence").getAsString(), events.out());

        SharedDevCluster.Run audit = grpcurl(grpcurl.get(), target, ADMIN + "/VerifyAuditChain");
        assertEquals(0, audit.rc(), audit.out());
        JsonObject verdict = json(audit);
        assertTrue(verdict.get("valid").getAsBoolean(), audit.out());
        assertTrue(Long.parseLong(verdict.get("to_sequence").getAsString()) >= eventList.size(), audit.out());

        SharedDevCluster.Run unknown = grpcurl(grpcurl.get(), target, "-d", "{\"node_id\":\"s9\"}",
                ADMIN + "/GetNode");
        assertEquals(64 + 5, unknown.rc(), "grpcurl exits 64 + NOT_FOUND (5):\n" + unknown.out());
        assertTrue(unknown.out().contains("Code: NotFound"), unknown.out());
    }

    /** grpcurl -plaintext [options…] target [verb/method…]: options before the target, as grpcurl wants. */
    private static SharedDevCluster.Run grpcurl(Path binary, String target, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-plaintext"));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-d")) {
                command.add(args[i]);
                command.add(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        command.add(target);
        command.addAll(rest);
        return SharedDevCluster.run(command, Duration.ofSeconds(30));
    }

    private static JsonObject json(SharedDevCluster.Run run) {
        return JsonParser.parseString(run.out()).getAsJsonObject();
    }

    private static Optional<Path> find() {
        String env = System.getenv("GRPCURL");
        if (env != null && !env.isBlank()) {
            return Files.isExecutable(Path.of(env)) ? Optional.of(Path.of(env)) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "grpcurl"));
            }
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".local", "bin", "grpcurl"));
        candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "grpcurl"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}

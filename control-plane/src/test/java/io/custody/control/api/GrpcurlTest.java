package io.custody.control.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.custody.control.testing.ControlPlaneFixture;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control plane on Netty (plaintext, as with --insecure-plaintext), driven by the grpcurl binary. */
class GrpcurlTest {
    private static final Optional<Path> GRPCURL = find();
    private static ControlPlaneFixture fixture;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(GRPCURL.isPresent(), "grpcurl is not on PATH (nor in $GRPCURL): skipping the grpcurl test; "
                + "install it with `go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3`");
        fixture = ControlPlaneFixture.start(true);
        fixture.stopPlane();
        fixture.startPlane(UnaryOperator.identity(), NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create()));
        target = "127.0.0.1:" + fixture.plane().server().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String grpcurl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(GRPCURL.orElseThrow().toString(), "-plaintext"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + out);
        return out;
    }

    @Test
    void reflectionListsEveryServiceAndHealthIsServing() throws Exception {
        String services = grpcurl(target, "list");
        for (String service : List.of("custody.v1.CustodyService", "custody.admin.v1.AdminService",
                "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection")) {
            assertTrue(services.contains(service), services);
        }
        assertTrue(grpcurl(target, "describe", "custody.v1.CustodyService").contains("rpc SignDigest"));
        assertTrue(grpcurl(target, "grpc.health.v1.Health/Check").contains("\"SERVING\""));
        assertTrue(grpcurl("-d", "{\"service\":\"custody.v1.CustodyService\"}", target, "grpc.health.v1.Health/Check")
                .contains("\"SERVING\""));
    }

    @Test
    void readsWorkFromGrpcurl() throws Exception {
        String nodes = grpcurl(target, "custody.admin.v1.AdminService/ListNodes");
        assertTrue(nodes.contains("\"s1\"") && nodes.contains("\"s5\"") && nodes.contains("NODE_HEALTH_UNREACHABLE"), nodes);
        String chain = grpcurl("-d", "{}", target, "custody.admin.v1.AdminService/VerifyAuditChain");
        assertTrue(chain.contains("\"valid\": true"), chain);
    }

    private static Optional<Path> find() {
        String explicit = System.getenv("GRPCURL");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "grpcurl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

package io.custody.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.nats.SeedFiles;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control plane as a real process ({@code ControlPlaneMain}, plaintext gRPC on loopback) on a
 * {@link SignerPlane}: its own database on the plane's Postgres, NATS as control-plane user
 * {@code control-1}, the plane's five nodes and KMS key, and a bootstrap operator key. It can be
 * killed (SIGKILL) and started again on the same port and database. Logs in
 * {@code target/signer-logs/control-plane-gen<N>.log}.
 */
final class ControlPlaneProcess implements AutoCloseable {
    private static final String ROLE = "custody_control";

    private final SignerPlane plane;
    private final Path adminKey;
    private final Path dbPassword;
    private final String jdbcUrl;
    final int port;
    private Process process;
    private int generation;

    ControlPlaneProcess(SignerPlane plane, byte[] adminPublicKeyDer) throws Exception {
        this.plane = plane;
        this.adminKey = plane.natsDir.resolve("admin.pub.der");
        Files.write(adminKey, adminPublicKeyDer);
        this.dbPassword = plane.natsDir.resolve("control.dbpass");
        Files.writeString(dbPassword, "control-plane-test-password");
        this.jdbcUrl = plane.db.createDatabase("custody_control", ROLE, "control-plane-test-password");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        start();
    }

    /** Starts the process and waits until its health service answers SERVING. */
    void start() throws Exception {
        generation++;
        Path log = Path.of("target", "signer-logs", "control-plane-gen" + generation + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "io.custody.control.ControlPlaneMain",
                "--grpc-host", "127.0.0.1", "--grpc-port", String.valueOf(port), "--insecure-plaintext",
                "--db-url", jdbcUrl, "--db-max-connections", "8", "--db-user", ROLE, "--db-password-file", dbPassword.toString(),
                "--nats-url", plane.natsUrl,
                "--nats-seed-file", SeedFiles.seedFile(plane.natsOut, SignerPlane.CONTROL_USER).toString(),
                "--nodes", String.join(",", SignerPlane.allNodeIds()), "--threshold", String.valueOf(SignerPlane.T),
                "--kms-key-id", plane.keyId, "--admin-key-file", adminKey.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ManagedChannel probe = channel();
        try {
            while (true) {
                try {
                    if (HealthGrpc.newBlockingStub(probe).withDeadlineAfter(1, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()).getStatus() == ServingStatus.SERVING) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > until) {
                    throw new IllegalStateException("the control plane did not start:\n" + Files.readString(log));
                }
                Thread.sleep(200);
            }
        } finally {
            probe.shutdownNow();
        }
    }

    /** SIGKILL: no goodbye, nothing flushed beyond what was committed. */
    void kill() throws Exception {
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    }

    ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

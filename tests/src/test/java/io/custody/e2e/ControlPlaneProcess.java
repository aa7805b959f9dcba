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
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DataSourceConnectionProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The control plane as a real process ({@code ControlPlaneMain}, plaintext gRPC on loopback) on a
 * {@link SignerPlane}: its own database on the plane's Postgres, NATS as control-plane user
 * {@code control-1}, the plane's five nodes and KMS key, and a bootstrap operator key. The schema is
 * migrated by its owner ({@code MigrateMain}); the process serves as the runtime role. It can be
 * killed (SIGKILL) and started again on the same port and database. Logs in
 * {@code target/signer-logs/control-plane-gen<N>.log}.
 */
final class ControlPlaneProcess implements AutoCloseable {
    private static final String OWNER = "custody_control";
    private static final String ROLE = "custody_control_app";

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
        Path ownerPassword = plane.natsDir.resolve("control-owner.dbpass");
        Files.writeString(ownerPassword, "control-owner-test-password");
        this.jdbcUrl = plane.db.createDatabase("custody_control", OWNER, "control-owner-test-password");
        // As deployed: the owner migrates, the process serves as a runtime role that owns nothing.
        plane.db.superuserSql().execute("create role " + ROLE + " login password 'control-plane-test-password'");
        // The same superuser, in the new database (superuserSql() makes a fresh data source each call).
        PGSimpleDataSource superuser = (PGSimpleDataSource) ((DataSourceConnectionProvider) plane.db.superuserSql()
                .configuration().connectionProvider()).dataSource();
        superuser.setDatabaseName("custody_control");
        try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter schema public owner to " + OWNER);
        }
        migrate(ownerPassword);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        start();
    }

    /** Runs MigrateMain as the schema owner, as an operator would before starting the control plane. */
    private void migrate(Path ownerPassword) throws Exception {
        Path log = Path.of("target", "signer-logs", "control-plane-migrate.log");
        Files.createDirectories(log.getParent());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process migrate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "io.custody.control.MigrateMain", "--db-url", jdbcUrl, "--db-owner", OWNER,
                "--db-owner-password-file", ownerPassword.toString(), "--runtime-role", ROLE)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!migrate.waitFor(120, TimeUnit.SECONDS) || migrate.exitValue() != 0) {
            migrate.destroyForcibly();
            throw new IllegalStateException("control-plane migrate failed:\n" + Files.readString(log));
        }
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

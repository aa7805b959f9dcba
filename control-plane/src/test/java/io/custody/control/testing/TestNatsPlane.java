package io.custody.control.testing;

import io.custody.proto.nats.NatsSubjects;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real nats-server on the deployment's messaging plane: accounts CONTROL (JetStream, user
 * {@code control-1}) and SIGNERS (users {@code s1..sN}), NKey users with the least-privilege
 * permissions, the cross-account links, and the JOBS/RESULTS streams and consumers.
 *
 * <p>This is the subset of {@code custodyctl nats-config} / {@code nats-bootstrap} (cli's
 * {@code SubjectPlan}, {@code NatsConfigWriter}, {@code NatsBootstrap}) the control plane's tests
 * need, written again here because the control plane's module boundary (Maven enforcer) does not
 * allow a dependency on cli, test scope included. The permission lists are cli's for control
 * planes and signer nodes, so a control plane that needs more than the generated config grants
 * fails here too. Keep in step with docs/nats-subjects.md.
 */
public final class TestNatsPlane implements AutoCloseable {
    public static final String NATS_SERVER = System.getenv().getOrDefault("NATS_SERVER",
            Files.isExecutable(Path.of("/usr/sbin/nats-server")) ? "/usr/sbin/nats-server" : "nats-server");
    public static final String CONTROL_USER = "control-1";

    private final Path dir;
    private final int port;
    private final List<String> nodes;
    private final Map<String, NKey> users = new LinkedHashMap<>();
    private Process server;

    private TestNatsPlane(Path dir, int port, List<String> nodes) {
        this.dir = dir;
        this.port = port;
        this.nodes = List.copyOf(nodes);
    }

    /** Writes the configuration, starts nats-server and creates the streams and consumers. */
    public static TestNatsPlane start(List<String> nodes) throws Exception {
        TestNatsPlane plane = new TestNatsPlane(Files.createTempDirectory("control-nats-"), freePort(), nodes);
        SecureRandom random = new SecureRandom();
        plane.users.put(CONTROL_USER, NKey.createUser(random));
        for (String node : nodes) {
            plane.users.put(node, NKey.createUser(random));
        }
        Files.writeString(plane.dir.resolve("nats-server.conf"), plane.config());
        plane.startServer();
        try (Connection c = plane.connect(CONTROL_USER)) {
            plane.bootstrap(c.jetStreamManagement());
        }
        return plane;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** A connection as {@code user}, with its seed and inbox prefix. */
    public Connection connect(String user) throws Exception {
        return Nats.connect(options(user).build());
    }

    public Options.Builder options(String user) throws IOException {
        return Options.builder().server(url()).connectionName(user)
                .authHandler(Nats.staticCredentials(null, users.get(user).getSeed()))
                .inboxPrefix(NatsSubjects.inboxPrefix(user)).maxReconnects(-1);
    }

    /** The seed of {@code user} written to a file, as {@code --nats-seed-file} reads it. */
    public Path seedFile(String user) throws IOException {
        Path file = dir.resolve(user + ".nk");
        Files.writeString(file, new String(users.get(user).getSeed()));
        return file;
    }

    /** JetStream options of a signer node: the JOBS API is imported under its prefix. */
    public static JetStreamOptions signerJetStream() {
        return JetStreamOptions.builder().prefix(NatsSubjects.SIGNERS_JS_PREFIX).build();
    }

    public String serverLog() throws IOException {
        return Files.readString(dir.resolve("nats.log"));
    }

    private void startServer() throws Exception {
        server = new ProcessBuilder(NATS_SERVER, "-a", "127.0.0.1", "-c", dir.resolve("nats-server.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > until || !server.isAlive()) {
                    throw new IllegalStateException("nats-server did not start: " + serverLog());
                }
                Thread.sleep(50);
            }
        }
    }

    private void bootstrap(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        for (String[] stream : List.of(new String[] {NatsSubjects.JOBS_STREAM, NatsSubjects.JOBS_SUBJECTS},
                new String[] {NatsSubjects.RESULTS_STREAM, NatsSubjects.RESULTS_SUBJECTS})) {
            jsm.addStream(StreamConfiguration.builder().name(stream[0]).subjects(stream[1])
                    .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File)
                    .discardPolicy(DiscardPolicy.New).duplicateWindow(Duration.ofMinutes(10))
                    .denyDelete(true).denyPurge(true).build());
        }
        for (String node : nodes) {
            jsm.addOrUpdateConsumer(NatsSubjects.JOBS_STREAM, pull(NatsSubjects.nodeConsumer(node),
                    NatsSubjects.nodeJobFilter(node)));
        }
        jsm.addOrUpdateConsumer(NatsSubjects.JOBS_STREAM, pull(NatsSubjects.POOL_CONSUMER, NatsSubjects.poolJobFilter()));
        jsm.addOrUpdateConsumer(NatsSubjects.RESULTS_STREAM, pull(NatsSubjects.RESULTS_CONSUMER, null));
    }

    private static ConsumerConfiguration pull(String durable, String filter) {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder().durable(durable).ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All).ackWait(Duration.ofSeconds(30)).maxAckPending(1000);
        if (filter != null) {
            b.filterSubject(filter);
        }
        return b.build();
    }

    private String config() throws IOException {
        String api = "$JS.API";
        String local = NatsSubjects.SIGNERS_JS_PREFIX;
        String jobs = NatsSubjects.JOBS_STREAM;
        List<String> controlPublish = new ArrayList<>(List.of(NatsSubjects.JOBS_SUBJECTS, api + ".INFO"));
        for (String stream : List.of(jobs, NatsSubjects.RESULTS_STREAM)) {
            controlPublish.addAll(List.of(api + ".STREAM.CREATE." + stream, api + ".STREAM.UPDATE." + stream,
                    api + ".STREAM.INFO." + stream, api + ".CONSUMER.CREATE." + stream + ".>",
                    api + ".CONSUMER.DURABLE.CREATE." + stream + ".*", api + ".CONSUMER.INFO." + stream + ".*"));
        }
        controlPublish.add(api + ".CONSUMER.MSG.NEXT." + NatsSubjects.RESULTS_STREAM + "." + NatsSubjects.RESULTS_CONSUMER);
        controlPublish.add("$JS.ACK." + NatsSubjects.RESULTS_STREAM + "." + NatsSubjects.RESULTS_CONSUMER + ".>");
        StringBuilder b = new StringBuilder();
        b.append("port: ").append(port).append("\n");
        b.append("jetstream { store_dir: \"").append(dir.resolve("js")).append("\" }\n");
        b.append("accounts {\n  CONTROL {\n    jetstream: enabled\n    users: [\n");
        user(b, CONTROL_USER, controlPublish, List.of(NatsSubjects.inboxPrefix(CONTROL_USER) + ">", "custody.health.*"), false);
        b.append("    ]\n    exports: [\n");
        b.append("      { service: \"").append(api).append(".CONSUMER.MSG.NEXT.").append(jobs)
                .append(".*\", response: stream, accounts: [SIGNERS] }\n");
        b.append("      { service: \"").append(api).append(".CONSUMER.INFO.").append(jobs).append(".*\", accounts: [SIGNERS] }\n");
        b.append("      { service: \"").append(api).append(".STREAM.INFO.").append(jobs).append("\", accounts: [SIGNERS] }\n");
        b.append("      { service: \"$JS.ACK.").append(jobs).append(".>\", accounts: [SIGNERS] }\n");
        b.append("      { service: \"").append(NatsSubjects.RESULTS_SUBJECTS).append("\", accounts: [SIGNERS] }\n");
        b.append("    ]\n    imports: [\n      { stream: { account: SIGNERS, subject: \"custody.health.*\" } }\n    ]\n  }\n");
        b.append("  SIGNERS {\n    users: [\n");
        for (String node : nodes) {
            List<String> publish = new ArrayList<>(List.of("custody.rounds.*.*", "custody.control.*",
                    NatsSubjects.resultSubject(node), NatsSubjects.healthSubject(node)));
            for (String consumer : List.of(NatsSubjects.nodeConsumer(node), NatsSubjects.POOL_CONSUMER)) {
                publish.add(local + ".CONSUMER.MSG.NEXT." + jobs + "." + consumer);
                publish.add(local + ".CONSUMER.INFO." + jobs + "." + consumer);
                publish.add("$JS.ACK." + jobs + "." + consumer + ".>");
            }
            publish.add(local + ".STREAM.INFO." + jobs);
            user(b, node, publish, List.of(NatsSubjects.roundFilter(node), NatsSubjects.controlSubject(node),
                    NatsSubjects.inboxPrefix(node) + ">"), true);
        }
        b.append("    ]\n    exports: [\n      { stream: \"custody.health.*\", accounts: [CONTROL] }\n    ]\n");
        b.append("    imports: [\n");
        b.append("      { service: { account: CONTROL, subject: \"").append(api).append(".CONSUMER.MSG.NEXT.").append(jobs)
                .append(".*\" }, to: \"").append(local).append(".CONSUMER.MSG.NEXT.").append(jobs).append(".*\" }\n");
        b.append("      { service: { account: CONTROL, subject: \"").append(api).append(".CONSUMER.INFO.").append(jobs)
                .append(".*\" }, to: \"").append(local).append(".CONSUMER.INFO.").append(jobs).append(".*\" }\n");
        b.append("      { service: { account: CONTROL, subject: \"").append(api).append(".STREAM.INFO.").append(jobs)
                .append("\" }, to: \"").append(local).append(".STREAM.INFO.").append(jobs).append("\" }\n");
        b.append("      { service: { account: CONTROL, subject: \"$JS.ACK.").append(jobs).append(".>\" } }\n");
        b.append("      { service: { account: CONTROL, subject: \"").append(NatsSubjects.RESULTS_SUBJECTS).append("\" } }\n");
        b.append("    ]\n  }\n}\n");
        return b.toString();
    }

    private void user(StringBuilder b, String name, List<String> publish, List<String> subscribe, boolean responses)
            throws IOException {
        String publicKey;
        try {
            publicKey = new String(users.get(name).getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        b.append("      { nkey: ").append(publicKey).append("\n        permissions: {\n");
        b.append("          publish: { allow: ").append(quoted(publish)).append(" }\n");
        b.append("          subscribe: { allow: ").append(quoted(subscribe)).append(" }\n");
        if (responses) {
            b.append("          allow_responses: true\n");
        }
        b.append("        }\n      }\n");
    }

    private static String quoted(List<String> subjects) {
        return subjects.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}

package io.custody.e2e;

import static io.custody.e2e.TestKms.REGION;
import static io.custody.e2e.TestKms.createEnclaveKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCtl;
import io.custody.cli.nats.NatsConfigWriter;
import io.custody.cli.nats.SeedFiles;
import io.custody.cli.nats.SubjectPlan;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.custody.enclave.process.EnclaveProcess;
import io.custody.enclave.process.IndependentCheck;
import io.custody.kmsemu.EmulatorConfig;
import io.custody.kmsemu.KmsEmulator;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.mpc.v1.ActivateJob;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.Heartbeat;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.RefreshJob;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.proto.v1.WalletGovernance;
import io.custody.signer.store.NodeRole;
import io.custody.signer.store.ShareStoreDatabase;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The whole system with signer nodes as real processes ({@code SignerMain}, logs in
 * {@code target/signer-logs/}): nats-server on the {@code custodyctl nats-config} plane (streams
 * from {@code custodyctl nats-bootstrap}), five enclave processes, the KMS emulator, the Postgres
 * share store (each node as its own role) and the harness as control plane {@code control-1},
 * which publishes jobs and collects every {@link JobResult} from the RESULTS stream. Shared by the
 * kill/restart tests; nats-server itself can be stopped (SIGTERM or SIGKILL) and started again on
 * the same port, configuration and JetStream store.
 */
final class SignerPlane implements AutoCloseable {
    static final int N = 5;
    static final int T = 3;
    static final String NATS_SERVER = System.getenv().getOrDefault("NATS_SERVER", "/usr/sbin/nats-server");
    static final String CONTROL_USER = "control-1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path LOGS = Path.of("target", "signer-logs");
    /**
     * Short pulls (idle heartbeat every 2.5 s): after a nats-server restart the server has forgotten
     * the pull in flight, and the consumer notices only when heartbeats go missing — with jnats'
     * default 30 s pulls that takes about 90 s.
     */
    private static final ConsumeOptions RESULT_PULLS = ConsumeOptions.builder().expiresIn(5_000).build();

    final String wallet;
    final Path natsDir;
    final Path natsOut;
    private final Path sockets;
    private final int port;
    final String natsUrl;
    private Process natsServer;
    private int natsGeneration;
    final KmsEmulator kms;
    final String keyId;
    final ShareStoreDatabase db;
    final Connection controlPlane;
    private final MessageConsumer resultConsumer;
    final Map<Integer, EnclaveProcess> enclaves = new ConcurrentHashMap<>();
    final Map<Integer, Process> signers = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> generation = new ConcurrentHashMap<>();
    final Map<String, List<JobResult>> results = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JobResult>> terminal = new ConcurrentHashMap<>();
    /** The last heartbeat of each node, as the control plane receives them on custody.health.*. */
    final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();

    /** Starts everything: nats-server, streams, KMS emulator, Postgres, five enclaves and five signers. */
    SignerPlane(String wallet) throws Exception {
        this(wallet, true);
    }

    /**
     * As above; with {@code collectResults} false the harness leaves the RESULTS consumer
     * {@code control} to a real control plane ({@link #peekResults} reads it while that one is down).
     */
    SignerPlane(String wallet, boolean collectResults) throws Exception {
        this.wallet = wallet;
        Files.createDirectories(LOGS);
        natsDir = Files.createTempDirectory("nats-plane");
        natsOut = natsDir.resolve("out");
        sockets = Files.createTempDirectory("enclaves");
        port = freePort();
        natsUrl = "nats://127.0.0.1:" + port;
        custodyctl("nats-config", "--nodes", String.valueOf(N), "--control-planes", "1", "--out", natsOut.toString(),
                "--jetstream-dir", natsDir.resolve("js").toString(), "--port", String.valueOf(port),
                "--nats-server", NATS_SERVER);
        startNats();
        custodyctl("nats-bootstrap", "--server", natsUrl, "--user", CONTROL_USER,
                "--seed", SeedFiles.seedFile(natsOut, CONTROL_USER).toString(), "--nodes", String.valueOf(N));

        List<String> nodeIds = new ArrayList<>();
        for (int party = 1; party <= N; party++) {
            nodeIds.add(nodeId(party));
        }
        kms = KmsEmulator.start(EmulatorConfig.inMemory(TestKms.callers(nodeIds)).withDevAttestation(true));
        db = ShareStoreDatabase.start(nodeIds);
        for (int party = 1; party <= N; party++) {
            Files.writeString(natsDir.resolve(nodeId(party) + ".dbpass"), ShareStoreDatabase.passwordOf(nodeId(party)));
        }

        controlPlane = Nats.connect(Options.builder().server(natsUrl).connectionName(CONTROL_USER)
                .authHandler(Nats.staticCredentials(null, seed(CONTROL_USER)))
                .inboxPrefix(SubjectPlan.inboxPrefix(CONTROL_USER)).maxReconnects(-1).build());
        resultConsumer = !collectResults ? null : controlPlane.getConsumerContext(SubjectPlan.RESULTS_STREAM,
                SubjectPlan.RESULTS_CONSUMER).consume(RESULT_PULLS, message -> {
                    try {
                        JobResult result = JobResult.parseFrom(message.getData());
                        results.computeIfAbsent(result.getJobId(), id -> new CopyOnWriteArrayList<>()).add(result);
                        if (result.hasSign() || (result.hasFailure() && !result.getFailure().getRetryable())) {
                            terminal(result.getJobId()).complete(result);
                        }
                        message.ack();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

        controlPlane.createDispatcher(message -> {
            try {
                Heartbeat beat = Heartbeat.parseFrom(message.getData());
                if (message.getSubject().equals(SubjectPlan.healthSubject(beat.getNodeId()))) {
                    heartbeats.put(beat.getNodeId(), beat);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).subscribe("custody.health.*");

        startNodes(List.of(1, 2, 3, 4, 5));
        keyId = createEnclaveKey(kms.endpoint(), enclaves.get(1).call(Request.newBuilder()
                .setStatus(StatusRequest.getDefaultInstance()).build()).getStatus().getPcr0().toByteArray(), nodeIds);
    }

    @Override
    public void close() throws Exception {
        for (Process signer : signers.values()) {
            signer.destroyForcibly();
            signer.waitFor(10, TimeUnit.SECONDS);
        }
        for (EnclaveProcess enclave : enclaves.values()) {
            enclave.close();
        }
        if (resultConsumer != null) {
            resultConsumer.stop();
        }
        for (AutoCloseable resource : new AutoCloseable[] {controlPlane, kms, db}) {
            if (resource != null) {
                resource.close();
            }
        }
        stopNats(false);
        for (Path dir : new Path[] {natsDir, sockets}) { // seeds, passwords, JetStream data: leave nothing behind
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    /** Starts nats-server on the plane's port, configuration and JetStream store; log {@code nats-<gen>.log}. */
    void startNats() throws Exception {
        natsGeneration++;
        natsServer = new ProcessBuilder(NATS_SERVER, "-a", "127.0.0.1", "-c",
                natsOut.resolve(NatsConfigWriter.FILE_NAME).toString())
                .redirectErrorStream(true).redirectOutput(natsLog(natsGeneration).toFile()).start();
        awaitPort();
    }

    /** Stops nats-server: SIGTERM (orderly shutdown, JetStream flushed) or SIGKILL; returns its exit code. */
    int stopNats(boolean kill) throws Exception {
        if (natsServer == null) {
            return -1;
        }
        Process server = natsServer;
        natsServer = null;
        if (kill) {
            server.destroyForcibly();
        } else {
            server.destroy();
        }
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "nats-server did not stop");
        return server.exitValue();
    }

    private Path natsLog(int gen) {
        return natsDir.resolve("nats-" + gen + ".log");
    }

    /** How many times nats-server was started (run 1 is the first). */
    int natsRuns() {
        return natsGeneration;
    }

    /** What nats-server run {@code gen} logged. */
    String natsLogOf(int gen) throws IOException {
        return Files.readString(natsLog(gen));
    }

    /** Everything every nats-server run of this plane logged. */
    String natsLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int gen = 1; gen <= natsGeneration; gen++) {
            all.append(Files.readString(natsLog(gen)));
        }
        return all.toString();
    }

    /**
     * A 3-of-5 DKG through per-node jobs, accepted only if all n report the same public key and
     * final broadcast digest, then activated on every node; returns the wallet's public key.
     */
    byte[] runDkg() throws Exception {
        List<JobResult> dkgResults = dkg(null);
        byte[] publicKey = agreed(dkgResults, r -> r.getDkg().getPublicKey(), "public key");
        agreed(dkgResults, r -> r.getDkg().getFinalBroadcastDigest(), "final broadcast digest");
        assertEquals(N, sharesIn(1, "pending"), "every node kept its share, pending until activated");
        activate(1, publicKey);
        return publicKey;
    }

    /**
     * A 3-of-5 DKG job, one copy per node, with {@code governance} bound into the shares (null: an
     * ungoverned wallet); returns once every node reported a DKG result. Not activated.
     */
    List<JobResult> dkg(WalletGovernance governance) throws Exception {
        DkgJob.Builder dkg = DkgJob.newBuilder().setWalletId(wallet).setThreshold(T).setKmsKeyId(keyId)
                .addAllNodeIds(allNodeIds());
        if (governance != null) {
            dkg.setGovernance(governance);
        }
        Job job = Job.newBuilder().setJobId("dkg-" + wallet + "-" + System.nanoTime())
                .setCreatedUnixMillis(System.currentTimeMillis()).setDkg(dkg).build();
        List<JobResult> results = fanOut(job, JobKind.DKG, Duration.ofSeconds(90));
        assertTrue(results.stream().allMatch(JobResult::hasDkg), () -> "DKG failed: " + results);
        return results;
    }

    /**
     * A refresh of share version {@code from} on all n nodes; checks that all n report version
     * {@code from + 1}, the wallet's public key and the same final broadcast digest, and that each
     * stored the new version as pending. Not activated.
     */
    void refresh(int from, byte[] publicKey) throws Exception {
        Job refresh = Job.newBuilder().setJobId("refresh-" + wallet + "-v" + from + "-" + System.nanoTime())
                .setCreatedUnixMillis(System.currentTimeMillis())
                .setRefresh(RefreshJob.newBuilder().setWalletId(wallet).setShareVersion(from).setKmsKeyId(keyId)
                        .addAllNodeIds(allNodeIds()))
                .build();
        List<JobResult> refreshed = fanOut(refresh, JobKind.REFRESH, Duration.ofSeconds(60));
        assertTrue(refreshed.stream().allMatch(r -> r.hasRefresh() && r.getRefresh().getNewShareVersion() == from + 1),
                () -> "refresh failed: " + refreshed);
        assertArrayEquals(publicKey, agreed(refreshed, r -> r.getRefresh().getPublicKey(), "public key"),
                "a refresh keeps the public key");
        agreed(refreshed, r -> r.getRefresh().getFinalBroadcastDigest(), "final broadcast digest");
        assertEquals(N, sharesIn(from + 1, "pending"), "every node kept its new share, pending");
    }

    /** Activates {@code version} on every node; returns once all n report it active in their stores. */
    void activate(int version, byte[] publicKey) throws Exception {
        Job activate = Job.newBuilder().setJobId("activate-" + wallet + "-v" + version + "-" + System.nanoTime())
                .setCreatedUnixMillis(System.currentTimeMillis())
                .setActivate(ActivateJob.newBuilder().setWalletId(wallet).setShareVersion(version)
                        .setPublicKey(ByteString.copyFrom(publicKey)))
                .build();
        List<JobResult> activated = fanOut(activate, JobKind.ACTIVATE, Duration.ofSeconds(60));
        assertTrue(activated.stream().allMatch(r -> r.hasActivate() && r.getActivate().getShareVersion() == version),
                () -> "activation failed: " + activated);
        assertEquals(N, sharesIn(version, "active"), "version " + version + " active on every node");
    }

    /** One copy of {@code job} per node on its own subject; returns once every node reported. */
    private List<JobResult> fanOut(Job job, JobKind kind, Duration timeout) throws Exception {
        JetStream js = controlPlane.jetStream();
        for (String node : allNodeIds()) {
            js.publish(SubjectPlan.jobSubject(node, kind), job.toByteArray(),
                    PublishOptions.builder().messageId(job.getJobId() + "/" + node).build());
        }
        return awaitResults(job.getJobId(), list -> list.size() == N, timeout);
    }

    /** The one value every node reported for {@code field}. */
    static byte[] agreed(List<JobResult> results, Function<JobResult, ByteString> field, String what) {
        Set<ByteString> values = new HashSet<>();
        results.forEach(r -> values.add(field.apply(r)));
        assertEquals(1, values.size(), "every node reports the same " + what);
        return values.iterator().next().toByteArray();
    }

    /** How many nodes hold {@code version} of the wallet in {@code state}, with the 3-of-5 roster. */
    int sharesIn(int version, String state) {
        return db.superuserSql().fetch("select node_id from key_shares where wallet_id = ? and share_version = ?"
                + " and state = ? and threshold = 3 and holders = 's1,s2,s3,s4,s5'", wallet, version, state).size();
    }

    static List<String> allNodeIds() {
        List<String> ids = new ArrayList<>();
        for (int party = 1; party <= N; party++) {
            ids.add(nodeId(party));
        }
        return ids;
    }

    /** A fresh pool sign job for a random hash, signed with whatever version is active. */
    Job signJob(String jobId, byte[] hash) {
        return Job.newBuilder().setJobId(jobId).setCreatedUnixMillis(System.currentTimeMillis())
                .setSign(SignJob.newBuilder().setWalletId(wallet).setMessageHash(ByteString.copyFrom(hash)))
                .build();
    }

    static byte[] randomHash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return hash;
    }

    /** Publishes one pool sign job ({@code Nats-Msg-Id = job id}); returns JetStream's PubAck. */
    PublishAck publishSign(String jobId, byte[] hash) throws Exception {
        return controlPlane.jetStream().publish(SubjectPlan.poolJobSubject(JobKind.SIGN),
                signJob(jobId, hash).toByteArray(), PublishOptions.builder().messageId(jobId).build());
    }

    Map<String, byte[]> publish(String label, int count) throws Exception {
        Map<String, byte[]> hashes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String jobId = "sign-" + label + "-" + i + "-" + System.nanoTime();
            byte[] hash = randomHash();
            hashes.put(jobId, hash);
            publishSign(jobId, hash);
        }
        return hashes;
    }

    Map<String, byte[]> awaitSigned(Map<String, byte[]> hashes, Set<Integer> live, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> allowed = new HashSet<>();
        live.forEach(party -> allowed.add(nodeId(party)));
        for (var job : hashes.entrySet()) {
            List<JobResult> done = awaitResults(job.getKey(), list -> list.stream().filter(JobResult::hasSign).count() >= T,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            JobResult first = done.stream().filter(JobResult::hasSign).findFirst().orElseThrow();
            assertTrue(allowed.containsAll(first.getSign().getQuorumNodeIdsList()), job.getKey());
        }
        return hashes;
    }

    Map<String, byte[]> awaitSigned(Map<String, byte[]> hashes, Set<Integer> live) throws Exception {
        return awaitSigned(hashes, live, Duration.ofSeconds(60));
    }

    /**
     * One signature (from one attempt, reported by t nodes, who all saw the same final broadcasts)
     * that verifies independently.
     */
    void assertExactlyOneSignature(String jobId, byte[] hash, byte[] publicKey) {
        assertExactlyOneSignature(jobId, hash, publicKey, T);
    }

    /**
     * One signature from one attempt, reported by at least {@code reporters} nodes, that verifies
     * independently (a session cut short by an outage may leave the signature with fewer than t).
     */
    void assertExactlyOneSignature(String jobId, byte[] hash, byte[] publicKey, int reporters) {
        List<JobResult> signed = results.getOrDefault(jobId, List.of()).stream().filter(JobResult::hasSign).toList();
        Set<List<ByteString>> signatures = new HashSet<>();
        signed.forEach(r -> signatures.add(List.of(r.getSign().getR(), r.getSign().getS())));
        assertEquals(1, signatures.size(), () -> jobId + " has " + signatures.size() + " signatures: " + signed);
        long reported = signed.stream().map(JobResult::getNodeId).distinct().count();
        if (reporters == T) {
            assertEquals(T, reported, jobId);
        } else {
            assertTrue(reported >= reporters && reported <= T, () -> jobId + " reported by " + reported);
        }
        assertEquals(1, signed.stream().map(JobResult::getAttempt).distinct().count(), jobId);
        assertEquals(1, signed.stream().map(r -> r.getSign().getFinalBroadcastDigest()).distinct().count(),
                () -> jobId + ": the members saw different final broadcasts: " + signed);
        assertEquals(32, signed.getFirst().getSign().getFinalBroadcastDigest().size(), jobId);
        JobResult first = signed.getFirst();
        assertTrue(IndependentCheck.verifies(publicKey, hash, first.getSign().getR().toByteArray(),
                first.getSign().getS().toByteArray()), () -> jobId + " does not verify");
    }

    /**
     * Waits until JOBS is empty: a job whose coordinator was killed after its members reported is
     * acked only when it comes back after {@code ack_wait} and a new coordinator finishes it.
     */
    long awaitJobsDrained(Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        long left = jobsInStream();
        while (left > 0 && System.nanoTime() < until) {
            Thread.sleep(250);
            left = jobsInStream();
        }
        return left;
    }

    /**
     * The JobResults for {@code jobId} waiting in RESULTS while no control plane consumes them:
     * fetched from the consumer {@code control} and each nak'ed at once, so the control plane gets
     * them all when it comes back. Only while the control plane is down (it would compete).
     */
    List<JobResult> peekResults(String jobId) throws Exception {
        List<JobResult> found = new ArrayList<>();
        var consumer = controlPlane.getConsumerContext(SubjectPlan.RESULTS_STREAM, SubjectPlan.RESULTS_CONSUMER);
        try (var batch = consumer.fetch(io.nats.client.FetchConsumeOptions.builder().maxMessages(256)
                .expiresIn(1_000).build())) {
            for (var message = batch.nextMessage(); message != null; message = batch.nextMessage()) {
                JobResult result = JobResult.parseFrom(message.getData());
                if (result.getJobId().equals(jobId)) {
                    found.add(result);
                }
                message.nak();
            }
        }
        return found;
    }

    long jobsInStream() throws Exception {
        return controlPlane.jetStreamManagement().getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState().getMsgCount();
    }

    /** New enclave processes and signer processes for {@code parties}, started in parallel. */
    void startNodes(List<Integer> parties) throws Exception {
        try (var starter = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = new ArrayList<>();
            for (int party : parties) {
                started.add(starter.submit(() -> {
                    startNode(party);
                    return null;
                }));
            }
            for (Future<?> future : started) {
                future.get();
            }
        }
    }

    private void startNode(int party) throws Exception {
        int gen = generation.merge(party, 1, Integer::sum);
        String name = nodeId(party) + "-gen" + gen;
        EnclaveProcess old = enclaves.remove(party);
        if (old != null) {
            old.close();
        }
        EnclaveProcess enclave = EnclaveProcess.start(sockets, "enclave-" + name, nodeId(party));
        enclaves.put(party, enclave);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "io.custody.signer.SignerMain",
                "--node-id", nodeId(party), "--nats-url", natsUrl,
                "--nats-seed-file", SeedFiles.seedFile(natsOut, nodeId(party)).toString(),
                "--enclave-socket", sockets.resolve("enclave-" + name + ".sock").toString(),
                "--kms-endpoint", kms.endpoint().toString(), "--kms-region", REGION,
                "--db-url", db.jdbcUrl(), "--db-user", NodeRole.of(nodeId(party)).roleName(),
                "--db-password-file", natsDir.resolve(nodeId(party) + ".dbpass").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(signerLog(party).toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment().put("AWS_ACCESS_KEY_ID", TestKms.host(nodeId(party)).accessKeyId()); // its own role
        builder.environment().put("AWS_SECRET_ACCESS_KEY", TestKms.host(nodeId(party)).secretAccessKey());
        builder.environment().put("AWS_REGION", REGION);
        Process signer = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(signer::destroyForcibly));
        signers.put(party, signer);
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.readString(signerLog(party)).contains("signer " + nodeId(party) + " running")) {
            if (!signer.isAlive() || System.nanoTime() > until) {
                throw new IllegalStateException(name + " did not start:\n" + Files.readString(signerLog(party)));
            }
            Thread.sleep(100);
        }
    }

    Path signerLog(int party) {
        return LOGS.resolve(nodeId(party) + "-gen" + generation.get(party) + ".log");
    }

    /** SIGKILL: no shutdown hook, no goodbye to NATS; its enclave keeps running until restart. */
    void kill(int party) throws Exception {
        Process signer = signers.remove(party);
        signer.destroyForcibly();
        assertTrue(signer.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, signer.exitValue(), "killed by SIGKILL");
    }

    /** Waits for a heartbeat of {@code node} sent after {@code afterUnixMillis}. */
    Heartbeat awaitHeartbeat(String node, long afterUnixMillis, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            Heartbeat last = heartbeats.get(node);
            if (last != null && last.getUnixMillis() > afterUnixMillis) {
                return last;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("no heartbeat from " + node + " after " + afterUnixMillis + "; last " + last);
            }
            Thread.sleep(50);
        }
    }

    /** Completes with the job's first signature or non-retryable failure, whichever node reports it. */
    CompletableFuture<JobResult> terminal(String jobId) {
        return terminal.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    List<JobResult> awaitResults(String jobId, Predicate<List<JobResult>> done, Duration timeout)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JobResult> current = results.getOrDefault(jobId, List.of());
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("results for " + jobId + " incomplete: " + current);
            }
            Thread.sleep(10);
        }
    }

    static String nodeId(int party) {
        return "s" + party;
    }

    static void lap(String what, long start) {
        System.out.printf("[%6d ms] %s%n", (System.nanoTime() - start) / 1_000_000, what);
    }

    char[] seed(String user) throws IOException {
        return Files.readString(SeedFiles.seedFile(natsOut, user), StandardCharsets.US_ASCII).strip().toCharArray();
    }

    private static String custodyctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = CustodyCtl.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        assertEquals(0, rc, () -> "custodyctl " + args[0] + " failed: " + err);
        return out.toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitPort() throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > until || !natsServer.isAlive()) {
                    throw new IllegalStateException("nats-server did not start: " + natsLogs());
                }
                Thread.sleep(50);
            }
        }
    }
}

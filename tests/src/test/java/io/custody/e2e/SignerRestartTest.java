package io.custody.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.custody.kmsemu.auth.Credential;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.signer.kms.EnclavePolicyInput;
import io.custody.signer.kms.KeyPolicyGenerator;
import io.custody.signer.kms.KmsClients;
import io.custody.signer.store.NodeRole;
import io.custody.signer.store.ShareStoreDatabase;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;

/**
 * Issue 5, item 4 (kill/restart), with signer nodes as real processes ({@code SignerMain}, logs in
 * {@code target/signer-logs/}): nats-server on the {@code custodyctl nats-config} plane, five
 * enclave processes, the KMS emulator and the Postgres share store (each node as its own role). A
 * 3-of-5 DKG through jobs (every node stores and activates its sealed share); sign jobs; SIGKILL
 * of two signers, signing goes on with three; SIGKILL of a third, new jobs wait in JOBS and none
 * is signed; the three killed nodes come back with <em>new</em> enclave processes (nothing in
 * memory survives), reopen their shares from the store through KMS (Decrypt for the new enclave's
 * attestation, open_share) and the backlog drains: every job gets exactly one signature, which
 * verifies independently.
 */
class SignerRestartTest {
    private static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT;
    private static final String REGION = EmulatorConfig.DEFAULT_REGION;
    private static final String SIGNER_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/custody-signer";
    private static final Credential SIGNER = new Credential("AKIDCUSTODYSIGNER01", "signer-secret-key", SIGNER_ROLE);
    private static final Credential ADMIN =
            new Credential("AKIDCUSTODYADMIN001", "admin-secret-key", "arn:aws:iam::" + ACCOUNT + ":root");
    private static final String WALLET = "wallet-restart";
    private static final int N = 5;
    private static final int T = 3;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NATS_SERVER = System.getenv().getOrDefault("NATS_SERVER", "/usr/sbin/nats-server");
    private static final String CONTROL_USER = "control-1";
    private static final Path LOGS = Path.of("target", "signer-logs");

    private static Path natsDir;
    private static Path natsOut;
    private static Path sockets;
    private static Process natsServer;
    private static String natsUrl;
    private static KmsEmulator kms;
    private static String keyId;
    private static ShareStoreDatabase db;
    private static Connection controlPlane;
    private static MessageConsumer resultConsumer;
    private static final Map<Integer, EnclaveProcess> enclaves = new ConcurrentHashMap<>();
    private static final Map<Integer, Process> signers = new ConcurrentHashMap<>();
    private static final Map<Integer, Integer> generation = new ConcurrentHashMap<>();
    private static final Map<String, List<JobResult>> results = new ConcurrentHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(LOGS);
        natsDir = Files.createTempDirectory("nats-plane");
        natsOut = natsDir.resolve("out");
        sockets = Files.createTempDirectory("enclaves");
        int port = freePort();
        natsUrl = "nats://127.0.0.1:" + port;
        custodyctl("nats-config", "--nodes", String.valueOf(N), "--control-planes", "1", "--out", natsOut.toString(),
                "--jetstream-dir", natsDir.resolve("js").toString(), "--port", String.valueOf(port),
                "--nats-server", NATS_SERVER);
        natsServer = new ProcessBuilder(NATS_SERVER, "-a", "127.0.0.1", "-c",
                natsOut.resolve(NatsConfigWriter.FILE_NAME).toString())
                .redirectErrorStream(true).redirectOutput(natsDir.resolve("nats.log").toFile()).start();
        awaitPort(port);
        custodyctl("nats-bootstrap", "--server", natsUrl, "--user", CONTROL_USER,
                "--seed", SeedFiles.seedFile(natsOut, CONTROL_USER).toString(), "--nodes", String.valueOf(N));

        kms = KmsEmulator.start(EmulatorConfig.inMemory(List.of(SIGNER, ADMIN)).withDevAttestation(true));
        List<String> nodeIds = new ArrayList<>();
        for (int party = 1; party <= N; party++) {
            nodeIds.add(nodeId(party));
        }
        db = ShareStoreDatabase.start(nodeIds);
        for (int party = 1; party <= N; party++) {
            Files.writeString(natsDir.resolve(nodeId(party) + ".dbpass"), ShareStoreDatabase.passwordOf(nodeId(party)));
        }

        controlPlane = Nats.connect(Options.builder().server(natsUrl).connectionName(CONTROL_USER)
                .authHandler(Nats.staticCredentials(null, seed(CONTROL_USER)))
                .inboxPrefix(SubjectPlan.inboxPrefix(CONTROL_USER)).build());
        resultConsumer = controlPlane.getConsumerContext(SubjectPlan.RESULTS_STREAM, SubjectPlan.RESULTS_CONSUMER)
                .consume(message -> {
                    try {
                        JobResult result = JobResult.parseFrom(message.getData());
                        results.computeIfAbsent(result.getJobId(), id -> new CopyOnWriteArrayList<>()).add(result);
                        message.ack();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

        startNodes(List.of(1, 2, 3, 4, 5));
        keyId = createEnclaveKey(kms.endpoint(), enclaves.get(1).call(Request.newBuilder()
                .setStatus(StatusRequest.getDefaultInstance()).build()).getStatus().getPcr0().toByteArray());
    }

    @AfterAll
    static void stopEverything() throws Exception {
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
        if (natsServer != null) {
            natsServer.destroy();
            natsServer.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path dir : new Path[] {natsDir, sockets}) { // seeds, passwords, JetStream data: leave nothing behind
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    @Test
    void killedSignersComeBackFromTheStoreAndTheBacklogDrainsWithOneSignaturePerJob() throws Exception {
        long start = System.nanoTime();
        JetStream js = controlPlane.jetStream();
        Job dkg = Job.newBuilder().setJobId("dkg-" + System.currentTimeMillis())
                .setCreatedUnixMillis(System.currentTimeMillis())
                .setDkg(DkgJob.newBuilder().setWalletId(WALLET).setThreshold(T).setKmsKeyId(keyId)
                        .addAllNodeIds(List.of(nodeId(1), nodeId(2), nodeId(3), nodeId(4), nodeId(5))))
                .build();
        for (int party = 1; party <= N; party++) {
            js.publish(SubjectPlan.jobSubject(nodeId(party), JobKind.DKG), dkg.toByteArray(),
                    PublishOptions.builder().messageId(dkg.getJobId() + "/" + nodeId(party)).build());
        }
        List<JobResult> dkgResults = awaitResults(dkg.getJobId(), list -> list.size() == N, Duration.ofSeconds(40));
        assertTrue(dkgResults.stream().allMatch(JobResult::hasDkg), () -> "DKG failed: " + dkgResults);
        Set<ByteString> publicKeys = new HashSet<>();
        dkgResults.forEach(r -> publicKeys.add(r.getDkg().getPublicKey()));
        assertEquals(1, publicKeys.size(), "every node reports the same public key");
        byte[] publicKey = publicKeys.iterator().next().toByteArray();
        assertEquals(N, db.superuserSql().fetch("select node_id from key_shares where wallet_id = ? and state = 'active'"
                + " and threshold = 3 and holders = 's1,s2,s3,s4,s5'", WALLET).size(), "every node kept its share");
        lap("DKG 3-of-5 via jobs, shares stored and active", start);

        Map<String, byte[]> all = new TreeMap<>();
        all.putAll(awaitSigned(publish("five", 6), publicKey, Set.of(1, 2, 3, 4, 5)));
        lap("6 sign jobs, five signers", start);

        kill(4);
        kill(5);
        all.putAll(awaitSigned(publish("three", 6), publicKey, Set.of(1, 2, 3)));
        lap("6 sign jobs after SIGKILL of s4 and s5", start);

        kill(3);
        Map<String, byte[]> backlog = publish("backlog", 5);
        Thread.sleep(5_000);
        for (String jobId : backlog.keySet()) {
            assertTrue(results.getOrDefault(jobId, List.of()).stream().noneMatch(JobResult::hasSign),
                    () -> jobId + " was signed by fewer than t live signers");
        }
        assertTrue(controlPlane.jetStreamManagement().getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState()
                .getMsgCount() >= backlog.size(), "the backlog waits in JOBS");
        lap("5 sign jobs with two signers left: none signed in 5 s", start);

        startNodes(List.of(3, 4, 5)); // new enclave processes too: the shares can only come from the store
        for (int party : List.of(3, 4, 5)) {
            String log = Files.readString(signerLog(party));
            assertTrue(log.contains("1 wallets reopened"), () -> nodeId(party) + " did not reopen its share:\n" + log);
        }
        lap("s3, s4, s5 restarted with new enclaves, shares reopened", start);
        all.putAll(awaitSigned(backlog, publicKey, Set.of(1, 2, 3, 4, 5)));
        lap("backlog drained", start);

        Thread.sleep(500); // a late duplicate, if any, would show up now
        for (var job : all.entrySet()) {
            assertExactlyOneSignature(job.getKey(), job.getValue(), publicKey);
        }
        assertEquals(0, controlPlane.jetStreamManagement().getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState()
                .getMsgCount(), "every job was acked");
        String serverLog = Files.readString(natsDir.resolve("nats.log"));
        assertFalse(serverLog.contains("Violation"), () -> "a client exceeded its generated permissions:\n"
                + serverLog.lines().filter(l -> l.contains("Violation")).toList());
    }

    private static void lap(String what, long start) {
        System.out.printf("[%6d ms] %s%n", (System.nanoTime() - start) / 1_000_000, what);
    }

    private static Map<String, byte[]> publish(String label, int count) throws Exception {
        JetStream js = controlPlane.jetStream();
        Map<String, byte[]> hashes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String jobId = "sign-" + label + "-" + i + "-" + System.nanoTime();
            byte[] hash = new byte[32];
            RANDOM.nextBytes(hash);
            hashes.put(jobId, hash);
            Job job = Job.newBuilder().setJobId(jobId).setCreatedUnixMillis(System.currentTimeMillis())
                    .setSign(SignJob.newBuilder().setWalletId(WALLET).setMessageHash(ByteString.copyFrom(hash))
                            .setShareVersion(1))
                    .build();
            js.publish(SubjectPlan.poolJobSubject(JobKind.SIGN), job.toByteArray(),
                    PublishOptions.builder().messageId(jobId).build());
        }
        return hashes;
    }

    private static Map<String, byte[]> awaitSigned(Map<String, byte[]> hashes, byte[] publicKey, Set<Integer> live)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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

    private static void assertExactlyOneSignature(String jobId, byte[] hash, byte[] publicKey) {
        List<JobResult> signed = results.get(jobId).stream().filter(JobResult::hasSign).toList();
        Set<List<ByteString>> signatures = new HashSet<>();
        signed.forEach(r -> signatures.add(List.of(r.getSign().getR(), r.getSign().getS())));
        assertEquals(1, signatures.size(), () -> jobId + " has " + signatures.size() + " signatures: " + signed);
        assertEquals(T, signed.stream().map(JobResult::getNodeId).distinct().count(), jobId);
        assertEquals(1, signed.stream().map(JobResult::getAttempt).distinct().count(), jobId);
        JobResult first = signed.getFirst();
        assertTrue(IndependentCheck.verifies(publicKey, hash, first.getSign().getR().toByteArray(),
                first.getSign().getS().toByteArray()), () -> jobId + " does not verify");
    }

    /** New enclave processes and signer processes for {@code parties}, started in parallel. */
    private static void startNodes(List<Integer> parties) throws Exception {
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

    private static void startNode(int party) throws Exception {
        int gen = generation.merge(party, 1, Integer::sum);
        String name = nodeId(party) + "-gen" + gen;
        EnclaveProcess old = enclaves.remove(party);
        if (old != null) {
            old.close();
        }
        EnclaveProcess enclave = EnclaveProcess.start(sockets, "enclave-" + name);
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
        builder.environment().put("AWS_ACCESS_KEY_ID", SIGNER.accessKeyId());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SIGNER.secretAccessKey());
        builder.environment().put("AWS_REGION", REGION);
        Process signer = builder.start();
        signers.put(party, signer);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(signerLog(party)).contains("signer " + nodeId(party) + " running")) {
            if (!signer.isAlive() || System.nanoTime() > until) {
                throw new IllegalStateException(name + " did not start:\n" + Files.readString(signerLog(party)));
            }
            Thread.sleep(100);
        }
    }

    private static Path signerLog(int party) {
        return LOGS.resolve(nodeId(party) + "-gen" + generation.get(party) + ".log");
    }

    /** SIGKILL: no shutdown hook, no goodbye to NATS; its enclave keeps running until restart. */
    private static void kill(int party) throws Exception {
        Process signer = signers.remove(party);
        signer.destroyForcibly();
        assertTrue(signer.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, signer.exitValue(), "killed by SIGKILL");
    }

    private static List<JobResult> awaitResults(String jobId, Predicate<List<JobResult>> done, Duration timeout)
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

    private static String nodeId(int party) {
        return "s" + party;
    }

    private static char[] seed(String user) throws java.io.IOException {
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

    private static String createEnclaveKey(URI endpoint, byte[] pcr0) {
        String policy = KeyPolicyGenerator.policyJson(
                new EnclavePolicyInput(ACCOUNT, SIGNER_ROLE, List.of(HexFormat.of().formatHex(pcr0))));
        try (KmsClient admin = KmsClients.forEndpoint(endpoint, REGION, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ADMIN.accessKeyId(), ADMIN.secretAccessKey())))) {
            return admin.createKey(CreateKeyRequest.builder().policy(policy).description("custody shares").build())
                    .keyMetadata().keyId();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > until || !natsServer.isAlive()) {
                    throw new IllegalStateException("nats-server did not start: "
                            + Files.readString(natsDir.resolve("nats.log")));
                }
                Thread.sleep(50);
            }
        }
    }
}

package io.custody.e2e;

import static io.custody.e2e.TestKms.ADMIN;
import static io.custody.e2e.TestKms.REGION;
import static io.custody.e2e.TestKms.SIGNER;
import static io.custody.e2e.TestKms.createEnclaveKey;
import static io.custody.e2e.TestKms.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCtl;
import io.custody.cli.nats.NatsConfigWriter;
import io.custody.cli.nats.SeedFiles;
import io.custody.cli.nats.SubjectPlan;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.custody.enclave.process.IndependentCheck;
import io.custody.kmsemu.EmulatorConfig;
import io.custody.kmsemu.KmsEmulator;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.mpc.v1.DkgJob;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.signer.config.SignerConfig;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.kms.EnclaveKeyClient;
import io.custody.signer.kms.KmsClients;
import io.custody.signer.kms.KmsDataKeySource;
import io.custody.signer.nats.SignerNode;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Issue 5, first slice of item 3, end to end, on the deployment's messaging plane: a real
 * nats-server running the configuration {@code custodyctl nats-config} generates (accounts
 * CONTROL/SIGNERS/SYS, one NKey user per node, least-privilege permissions) with the streams and
 * consumers {@code custodyctl nats-bootstrap} creates; five enclave processes; five signer nodes
 * {@code s1..s5} (in-process, each with its own NKey seed, NATS connection and enclave socket);
 * the harness acts as control plane {@code control-1} (publishes jobs, pulls RESULTS through the
 * {@code control} consumer). A 3-of-5 DKG through per-node jobs {@code custody.jobs.<node>.dkg}
 * (data keys from the KMS emulator, released only to the attested enclave), then sign jobs on
 * {@code custody.jobs.pool.sign} through the shared {@code pool} consumer; every signature
 * verifies with BouncyCastle and each job yields exactly one signature; then two signer nodes
 * stop and the other three keep signing.
 */
class SigningOverNatsTest {
    private static final String WALLET = "wallet-nats";
    private static final int N = 5;
    private static final int T = 3;
    private static final int SIGN_JOBS = Integer.getInteger("custody.signJobs", 20);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NATS_SERVER = System.getenv().getOrDefault("NATS_SERVER", "/usr/sbin/nats-server");

    private static final String CONTROL_USER = "control-1";

    private static Path natsDir;
    private static Path natsOut;
    private static MessageConsumer resultConsumer;
    private static Process natsServer;
    private static String natsUrl;
    private static KmsEmulator kms;
    private static KmsClient signerKms;
    private static String keyId;
    private static NodeFleet fleet;
    private static final Map<Integer, SignerNode> nodes = new TreeMap<>();
    private static final Map<String, SealedShare> storedShares = new ConcurrentHashMap<>();
    private static Connection controlPlane;
    private static final Map<String, List<JobResult>> results = new ConcurrentHashMap<>();
    private static final Map<String, Long> resultArrivedNanos = new ConcurrentHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        natsDir = Files.createTempDirectory("nats-plane");
        natsOut = natsDir.resolve("out");
        int port = freePort();
        natsUrl = "nats://127.0.0.1:" + port;
        custodyctl("nats-config", "--nodes", String.valueOf(N), "--control-planes", "1", "--out", natsOut.toString(),
                "--jetstream-dir", natsDir.resolve("js").toString(), "--port", String.valueOf(port),
                "--nats-server", NATS_SERVER);
        natsServer = new ProcessBuilder(NATS_SERVER, "-a", "127.0.0.1", "-c",
                natsOut.resolve(NatsConfigWriter.FILE_NAME).toString())
                .redirectErrorStream(true).redirectOutput(natsDir.resolve("nats.log").toFile()).start();
        awaitPort(port);
        String bootstrap = custodyctl("nats-bootstrap", "--server", natsUrl, "--user", CONTROL_USER,
                "--seed", SeedFiles.seedFile(natsOut, CONTROL_USER).toString(), "--nodes", String.valueOf(N));
        assertTrue(bootstrap.contains("ok " + SubjectPlan.JOBS_STREAM + "/" + SubjectPlan.POOL_CONSUMER), bootstrap);

        kms = KmsEmulator.start(EmulatorConfig.inMemory(List.of(SIGNER, ADMIN)).withDevAttestation(true));
        fleet = new NodeFleet(N);
        keyId = createEnclaveKey(kms.endpoint(), fleet.status(1).getPcr0().toByteArray());
        signerKms = KmsClients.forEndpoint(kms.endpoint(), REGION, credentials(SIGNER));

        // The harness is control-plane instance control-1: it may publish jobs and pull RESULTS, nothing else.
        controlPlane = Nats.connect(Options.builder().server(natsUrl).connectionName(CONTROL_USER)
                .authHandler(Nats.staticCredentials(null, seed(CONTROL_USER)))
                .inboxPrefix(SubjectPlan.inboxPrefix(CONTROL_USER)).build());
        ConsumerContext resultsConsumer =
                controlPlane.getConsumerContext(SubjectPlan.RESULTS_STREAM, SubjectPlan.RESULTS_CONSUMER);
        resultConsumer = resultsConsumer.consume(message -> {
            try {
                JobResult result = JobResult.parseFrom(message.getData());
                resultArrivedNanos.putIfAbsent(result.getJobId(), System.nanoTime());
                results.computeIfAbsent(result.getJobId(), id -> new CopyOnWriteArrayList<>()).add(result);
                message.ack();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        KmsDataKeySource dataKeys = new KmsDataKeySource(new EnclaveKeyClient(signerKms));
        for (int party = 1; party <= N; party++) {
            String node = nodeId(party);
            SignerConfig config = new SignerConfig(node, natsUrl, java.util.Optional.empty(), fleet.socket(party), 16,
                    Duration.ofSeconds(10), Duration.ofSeconds(2), java.util.Optional.empty(), REGION);
            Connection connection = Nats.connect(SignerNode.natsOptions(node, natsUrl, seed(node)).build());
            nodes.put(party, SignerNode.start(config, connection,
                    new EnclaveClient(fleet.socket(party), Duration.ofSeconds(10)), dataKeys,
                    (share, kmsKey, roster) -> storedShares.put(node, share)));
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (SignerNode node : nodes.values()) {
            node.close();
        }
        if (resultConsumer != null) {
            resultConsumer.stop();
        }
        for (AutoCloseable resource : new AutoCloseable[] {controlPlane, fleet, signerKms, kms}) {
            if (resource != null) {
                resource.close();
            }
        }
        if (natsServer != null) {
            natsServer.destroy();
            natsServer.waitFor(10, TimeUnit.SECONDS);
        }
        if (natsDir != null) { // NKey seeds and JetStream data: leave nothing behind
            try (var files = Files.walk(natsDir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void aDkgOverNatsThenSignJobsFromAnyQuorumThenWithTwoNodesDown() throws Exception {
        JetStream js = controlPlane.jetStream();

        // DKG: one copy of the job per node, each on that node's own subject.
        Job dkg = Job.newBuilder().setJobId("dkg-" + System.currentTimeMillis())
                .setCreatedUnixMillis(System.currentTimeMillis())
                .setDkg(DkgJob.newBuilder().setWalletId(WALLET).setThreshold(T).setKmsKeyId(keyId)
                        .addAllNodeIds(nodes.keySet().stream().map(SigningOverNatsTest::nodeId).toList()))
                .build();
        long dkgStart = System.nanoTime();
        for (int party = 1; party <= N; party++) {
            String node = nodeId(party);
            js.publish(SubjectPlan.jobSubject(node, JobKind.DKG), dkg.toByteArray(),
                    PublishOptions.builder().messageId(dkg.getJobId() + "/" + node).build());
        }
        List<JobResult> dkgResults = awaitResults(dkg.getJobId(), list -> list.size() == N, Duration.ofSeconds(40));
        System.out.printf("DKG 3-of-5 over NATS: %d ms%n", (System.nanoTime() - dkgStart) / 1_000_000);
        assertTrue(dkgResults.stream().allMatch(JobResult::hasDkg), () -> "DKG failed: " + dkgResults);
        Set<ByteString> publicKeys = new HashSet<>();
        Set<ByteString> digests = new HashSet<>();
        dkgResults.forEach(r -> {
            publicKeys.add(r.getDkg().getPublicKey());
            digests.add(r.getDkg().getFinalBroadcastDigest());
        });
        assertEquals(1, publicKeys.size(), "every node reports the same public key");
        assertEquals(1, digests.size(), "every node saw the same final broadcasts");
        assertEquals(N, storedShares.size());
        byte[] publicKey = publicKeys.iterator().next().toByteArray();

        Set<String> allNodes = new HashSet<>(nodes.keySet().stream().map(SigningOverNatsTest::nodeId).toList());
        signBatch("five", SIGN_JOBS, publicKey, allNodes);

        // Two signer nodes go away; the other three still form a quorum for every job.
        nodes.remove(4).close();
        nodes.remove(5).close();
        signBatch("three", 10, publicKey, Set.of(nodeId(1), nodeId(2), nodeId(3)));

        assertEquals(0, controlPlane.jetStreamManagement().getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState()
                .getMsgCount(), "every job was acked (work queue empty)");
        String serverLog = Files.readString(natsDir.resolve("nats.log"));
        assertFalse(serverLog.contains("Violation"), () -> "a client exceeded its generated permissions:\n"
                + serverLog.lines().filter(l -> l.contains("Violation")).toList());
    }

    private void signBatch(String label, int count, byte[] publicKey, Set<String> allowedNodes) throws Exception {
        JetStream js = controlPlane.jetStream();
        Map<String, byte[]> hashes = new TreeMap<>();
        Map<String, Long> publishedNanos = new TreeMap<>();
        long batchStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String jobId = "sign-" + label + "-" + i + "-" + System.nanoTime();
            byte[] hash = new byte[32];
            RANDOM.nextBytes(hash);
            hashes.put(jobId, hash);
            Job job = Job.newBuilder().setJobId(jobId).setCreatedUnixMillis(System.currentTimeMillis())
                    .setSign(SignJob.newBuilder().setWalletId(WALLET).setMessageHash(ByteString.copyFrom(hash))
                            .setShareVersion(1))
                    .build();
            publishedNanos.put(jobId, System.nanoTime());
            js.publish(SubjectPlan.poolJobSubject(JobKind.SIGN), job.toByteArray(), PublishOptions.builder().messageId(jobId).build());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String jobId : hashes.keySet()) {
            awaitResults(jobId, list -> list.stream().filter(JobResult::hasSign).count() >= T,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        long batchNanos = System.nanoTime() - batchStart;
        Thread.sleep(300); // late duplicates, if any, would show up now

        List<Long> latencies = new ArrayList<>();
        for (var entry : hashes.entrySet()) {
            String jobId = entry.getKey();
            List<JobResult> signed = results.get(jobId).stream().filter(JobResult::hasSign).toList();
            Set<List<ByteString>> signatures = new HashSet<>();
            signed.forEach(r -> signatures.add(List.of(r.getSign().getR(), r.getSign().getS())));
            assertEquals(1, signatures.size(), () -> jobId + " produced more than one signature: " + signed);
            assertEquals(T, signed.stream().map(JobResult::getNodeId).distinct().count(), jobId);
            assertEquals(1, signed.stream().map(JobResult::getAttempt).distinct().count(), jobId);
            JobResult first = signed.get(0);
            assertTrue(allowedNodes.containsAll(first.getSign().getQuorumNodeIdsList()), jobId);
            assertTrue(bouncyCastleVerifies(publicKey, entry.getValue(), first), () -> jobId + " does not verify");
            latencies.add(resultArrivedNanos.get(jobId) - publishedNanos.get(jobId));
        }
        latencies.sort(null);
        System.out.printf("signing with %s nodes: %d jobs in %d ms = %.1f signatures/s; latency p50 %d ms, "
                        + "p95 %d ms, p99 %d ms, max %d ms%n", label, count, batchNanos / 1_000_000,
                count * 1e9 / batchNanos, percentile(latencies, 50), percentile(latencies, 95),
                percentile(latencies, 99), latencies.getLast() / 1_000_000);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000;
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

    private static boolean bouncyCastleVerifies(byte[] publicKey, byte[] hash, JobResult result) {
        return IndependentCheck.verifies(publicKey, hash, result.getSign().getR().toByteArray(),
                result.getSign().getS().toByteArray());
    }

    /** Node ids are the deployment's NATS user names: s1..sN. */
    private static String nodeId(int party) {
        return "s" + party;
    }

    private static char[] seed(String user) throws java.io.IOException {
        return Files.readString(SeedFiles.seedFile(natsOut, user), StandardCharsets.US_ASCII).strip().toCharArray();
    }

    /** Runs a custodyctl command in-process; returns its standard output, fails the test on a non-zero exit. */
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

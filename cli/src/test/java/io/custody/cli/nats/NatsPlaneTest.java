package io.custody.cli.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.CustodyCtl;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated configuration against a real nats-server: `custodyctl nats-config` writes it,
 * the server runs it, and each user can do exactly what docs/nats-subjects.md says.
 */
class NatsPlaneTest {

    private static final Duration SHORT = Duration.ofMillis(700);
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** jnats waits this long after the server's -ERR before giving up on a refused connect. */
    private static final Duration REFUSAL = Duration.ofSeconds(2);

    private static Path root;
    private static Path out;
    private static int port;
    private static NatsServerProcess server;

    private final List<Connection> open = new ArrayList<>();

    @BeforeAll
    static void generateAndStart() throws Exception {
        root = Files.createTempDirectory("custody-nats-");
        out = root.resolve("out");
        port = NatsServerProcess.freePort();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int rc = CustodyCtl.commandLine()
                .setOut(new PrintWriter(stdout))
                .setErr(new PrintWriter(stderr))
                .execute("nats-config", "--nodes", "3", "--control-planes", "1", "--out", out.toString(),
                        "--jetstream-dir", root.resolve("js").toString(), "--port", String.valueOf(port),
                        "--nats-server", NatsServerProcess.binary());
        assertEquals(0, rc, "custodyctl nats-config failed: " + stderr);
        server = NatsServerProcess.start(out.resolve(NatsConfigWriter.FILE_NAME), root.resolve("server.log"));
        StringWriter bootOut = new StringWriter();
        StringWriter bootErr = new StringWriter();
        rc = CustodyCtl.commandLine()
                .setOut(new PrintWriter(bootOut))
                .setErr(new PrintWriter(bootErr))
                .execute("nats-bootstrap", "--server", url(), "--user", "control-1",
                        "--seed", SeedFiles.seedFile(out, "control-1").toString(), "--nodes", "3");
        assertEquals(0, rc, "custodyctl nats-bootstrap failed: " + bootErr);
        assertTrue(bootOut.toString().contains("ok RESULTS/control"), bootOut.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (root != null) { // seeds and JetStream data: leave nothing behind
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @AfterEach
    void closeConnections() throws InterruptedException {
        for (Connection c : open) {
            c.close();
        }
    }

    @Test
    void generatedConfigPassesNatsServerCheck() throws Exception {
        NatsServerProcess.Result r = NatsServerProcess.validate(out.resolve(NatsConfigWriter.FILE_NAME));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("is valid"), r.output());
    }

    @Test
    void everyUserConnectsWithItsOwnSeed() throws Exception {
        for (String user : List.of("s1", "s2", "s3", "control-1", NatsDeployment.SYS_ADMIN)) {
            Connection c = connect(user, new Errors());
            c.flush(WAIT);
            assertEquals(Connection.Status.CONNECTED, c.getStatus(), user);
        }
    }

    @Test
    void unknownNkeyIsRefused() throws Exception {
        NKey stranger = NKey.createUser(new SecureRandom());
        Options o = Options.builder().server(url()).authHandler(Nats.staticCredentials(null, stranger.getSeed()))
                .noReconnect().connectionTimeout(REFUSAL).errorListener(new Errors()).build();
        assertRefused(o);
    }

    @Test
    void connectionWithoutCredentialsIsRefused() throws Exception {
        Options o = Options.builder().server(url()).noReconnect().connectionTimeout(REFUSAL)
                .errorListener(new Errors()).build();
        assertRefused(o);
    }

    private static void assertRefused(Options o) {
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> Nats.connect(o));
        assertTrue(e.getMessage().contains("Authorization Violation"), e.getMessage());
    }

    @Test
    void nodeSendsRoundMessageToPeer() throws Exception {
        Connection s1 = connect("s1", new Errors());
        Connection s2 = connect("s2", new Errors());
        Subscription inbox = s2.subscribe("custody.rounds.*.s2");
        s2.flush(WAIT);
        s1.publish(SubjectPlan.roundSubject("sess-a", "s2"), bytes("round-1 for s2"));
        Message m = inbox.nextMessage(WAIT);
        assertNotNull(m, "s2 did not receive s1's round message");
        assertEquals("round-1 for s2", text(m));
    }

    @Test
    void nodeCannotSubscribeToAnotherNodesRoundSubject() throws Exception {
        Errors s1Errors = new Errors();
        Connection s1 = connect("s1", s1Errors);
        Connection s2 = connect("s2", new Errors());
        Connection s3 = connect("s3", new Errors());
        Subscription stolen = s1.subscribe(SubjectPlan.roundSubject("sess-b", "s2"));
        Subscription own = s2.subscribe(SubjectPlan.roundSubject("sess-b", "s2"));
        s1.flush(WAIT);
        s2.flush(WAIT);
        s1Errors.await("Permissions Violation for Subscription to \"custody.rounds.sess-b.s2\"");
        s3.publish(SubjectPlan.roundSubject("sess-b", "s2"), bytes("for s2 only"));
        assertNotNull(own.nextMessage(WAIT), "the addressee did not get it");
        assertNull(stolen.nextMessage(SHORT), "s1 read a round message addressed to s2");
    }

    @Test
    void nodePublishesToAnyPeersControlSubject() throws Exception {
        Connection s1 = connect("s1", new Errors());
        Connection s2 = connect("s2", new Errors());
        Subscription control = s2.subscribe(SubjectPlan.controlSubject("s2"));
        s2.flush(WAIT);
        s1.publish(SubjectPlan.controlSubject("s2"), bytes("announcement for s2"));
        Message m = control.nextMessage(WAIT);
        assertNotNull(m, "s2 did not receive s1's announcement");
        assertEquals("announcement for s2", text(m));
    }

    @Test
    void nodeCannotSubscribeToAnotherNodesControlSubject() throws Exception {
        Errors s1Errors = new Errors();
        Connection s1 = connect("s1", s1Errors);
        Connection s2 = connect("s2", new Errors());
        Connection s3 = connect("s3", new Errors());
        Subscription stolen = s1.subscribe(SubjectPlan.controlSubject("s2"));
        Subscription own = s2.subscribe(SubjectPlan.controlSubject("s2"));
        s1.flush(WAIT);
        s2.flush(WAIT);
        s1Errors.await("Permissions Violation for Subscription to \"custody.control.s2\"");
        s3.publish(SubjectPlan.controlSubject("s2"), bytes("proposal for s2 only"));
        assertNotNull(own.nextMessage(WAIT), "the addressee did not get it");
        assertNull(stolen.nextMessage(SHORT), "s1 read a proposal addressed to s2");
    }

    @Test
    void peerAnswersAProposalIntoTheRequestersInbox() throws Exception {
        Connection s1 = connect("s1", new Errors());
        Connection s2 = connect("s2", new Errors());
        s2.createDispatcher(m -> s2.publish(m.getReplyTo(), bytes("acceptance from s2")))
                .subscribe(SubjectPlan.controlSubject("s2"));
        s2.flush(WAIT);
        Message reply = s1.request(SubjectPlan.controlSubject("s2"), bytes("proposal"), WAIT);
        assertNotNull(reply, "s2's answer did not reach s1 (allow_responses)");
        assertTrue(reply.getSubject().startsWith(SubjectPlan.inboxPrefix("s1")), reply.getSubject());
        assertEquals("acceptance from s2", text(reply));
    }

    @Test
    void nodeCannotWriteIntoAnotherNodesInboxUnasked() throws Exception {
        Errors s2Errors = new Errors();
        Connection s1 = connect("s1", new Errors());
        Connection s2 = connect("s2", s2Errors);
        Subscription inbox = s1.subscribe(SubjectPlan.inboxPrefix("s1") + "victim");
        s1.flush(WAIT);
        s2.publish(SubjectPlan.inboxPrefix("s1") + "victim", bytes("forged PubAck"));
        s2.flush(WAIT);
        s2Errors.await("Permissions Violation for Publish to \"_INBOX.s1.victim\"");
        assertNull(inbox.nextMessage(SHORT), "s2 wrote into s1's inbox without being asked");
    }

    @Test
    void controlPlaneCannotSpeakOnControlSubjects() throws Exception {
        Errors controlErrors = new Errors();
        Connection control = connect("control-1", controlErrors);
        control.publish(SubjectPlan.controlSubject("s1"), bytes("fake announcement"));
        control.flush(WAIT);
        controlErrors.await("Permissions Violation for Publish to \"custody.control.s1\"");
    }

    @Test
    void controlPlaneCannotReadRoundMessages() throws Exception {
        Errors controlErrors = new Errors();
        Connection control = connect("control-1", controlErrors);
        Connection s1 = connect("s1", new Errors());
        Subscription sub = control.subscribe("custody.rounds.>");
        control.flush(WAIT);
        controlErrors.await("Permissions Violation for Subscription to \"custody.rounds.>\"");
        s1.publish(SubjectPlan.roundSubject("sess-c", "s2"), bytes("secret round payload"));
        s1.flush(WAIT);
        assertNull(sub.nextMessage(SHORT), "CONTROL saw a round message");
    }

    @Test
    void nodePublishesOnlyItsOwnResult() throws Exception {
        Errors s1Errors = new Errors();
        Connection s1 = connect("s1", s1Errors);
        Connection control = connect("control-1", new Errors());
        JetStream s1Js = s1.jetStream(signerJs());
        String id = UUID.randomUUID().toString();

        s1.publish(SubjectPlan.resultSubject("s2"), bytes("forged result " + id));
        s1.flush(WAIT);
        s1Errors.await("Permissions Violation for Publish to \"custody.results.s2\"");

        PublishAck ack = s1Js.publish(SubjectPlan.resultSubject("s1"), bytes("result " + id),
                PublishOptions.builder().messageId("result-" + id).build());
        assertEquals(SubjectPlan.RESULTS_STREAM, ack.getStream());

        JetStreamSubscription results = control.jetStream().subscribe(null,
                PullSubscribeOptions.bind(SubjectPlan.RESULTS_STREAM, SubjectPlan.RESULTS_CONSUMER));
        List<Message> got = results.fetch(100, Duration.ofSeconds(1));
        assertFalse(got.isEmpty(), "control received no result");
        for (Message m : got) {
            assertEquals(SubjectPlan.resultSubject("s1"), m.getSubject(), "only s1's own result may arrive");
            m.ackSync(WAIT);
        }
        assertTrue(got.stream().anyMatch(m -> text(m).equals("result " + id)));
    }

    @Test
    void jobIsDeduplicatedThenPulledAndAckedByItsNode() throws Exception {
        Connection control = connect("control-1", new Errors());
        Connection s1 = connect("s1", new Errors());
        JetStream js = control.jetStream();
        JetStreamManagement jsm = control.jetStreamManagement();
        long before = jsm.getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState().getMsgCount();
        String requestId = "req-" + UUID.randomUUID();
        PublishOptions once = PublishOptions.builder().messageId(requestId).build();

        PublishAck first = js.publish(SubjectPlan.jobSubject("s1", JobKind.SIGN), bytes("sign " + requestId), once);
        PublishAck second = js.publish(SubjectPlan.jobSubject("s1", JobKind.SIGN), bytes("sign " + requestId), once);
        assertFalse(first.isDuplicate());
        assertTrue(second.isDuplicate(), "the re-driven request was stored twice");
        assertEquals(before + 1, jsm.getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState().getMsgCount());

        JetStreamSubscription jobs = s1.jetStream(signerJs()).subscribe(null,
                PullSubscribeOptions.bind(SubjectPlan.JOBS_STREAM, SubjectPlan.nodeConsumer("s1")));
        List<Message> got = jobs.fetch(1, WAIT);
        assertEquals(1, got.size(), "s1 pulled no job");
        assertEquals("sign " + requestId, text(got.get(0)));
        got.get(0).ackSync(WAIT);
        assertEquals(before, jsm.getStreamInfo(SubjectPlan.JOBS_STREAM).getStreamState().getMsgCount(),
                "an acked work-queue job must leave the stream");
    }

    @Test
    void poolJobGoesToExactlyOneNode() throws Exception {
        Connection control = connect("control-1", new Errors());
        String requestId = "req-" + UUID.randomUUID();
        control.jetStream().publish(SubjectPlan.poolJobSubject(JobKind.SIGN), bytes(requestId),
                PublishOptions.builder().messageId(requestId).build());
        List<Message> claimed = new ArrayList<>();
        for (String node : List.of("s2", "s3")) {
            JetStreamSubscription pool = connect(node, new Errors()).jetStream(signerJs()).subscribe(null,
                    PullSubscribeOptions.bind(SubjectPlan.JOBS_STREAM, SubjectPlan.POOL_CONSUMER));
            for (Message m : pool.fetch(1, Duration.ofSeconds(1))) {
                m.ackSync(WAIT);
                claimed.add(m);
            }
        }
        assertEquals(1, claimed.size(), "a pool job is claimed by exactly one node");
        assertEquals(requestId, text(claimed.get(0)));
    }

    @Test
    void bootstrapIsIdempotentAndStreamsAreWorkQueues() throws Exception {
        Connection control = connect("control-1", new Errors());
        JetStreamManagement jsm = control.jetStreamManagement();
        List<String> consumers = new NatsBootstrap(jsm, List.of("s1", "s2", "s3")).apply();
        assertEquals(List.of("JOBS/node-s1", "JOBS/node-s2", "JOBS/node-s3", "JOBS/pool", "RESULTS/control"), consumers);
        for (String stream : List.of(SubjectPlan.JOBS_STREAM, SubjectPlan.RESULTS_STREAM)) {
            var config = jsm.getStreamInfo(stream).getConfiguration();
            assertEquals(RetentionPolicy.WorkQueue, config.getRetentionPolicy(), stream);
            assertEquals(StorageType.File, config.getStorageType(), stream);
            assertEquals(NatsBootstrap.DUPLICATE_WINDOW, config.getDuplicateWindow(), stream);
        }
    }

    @Test
    void nodeCannotPullAnotherNodesJobs() throws Exception {
        Errors s1Errors = new Errors();
        Connection s1 = connect("s1", s1Errors);
        String next = SubjectPlan.SIGNERS_JS_PREFIX + ".CONSUMER.MSG.NEXT." + SubjectPlan.JOBS_STREAM + "."
                + SubjectPlan.nodeConsumer("s2");
        s1.publish(next, SubjectPlan.inboxPrefix("s1") + "steal", bytes("{\"batch\":1,\"no_wait\":true}"));
        s1.flush(WAIT);
        s1Errors.await("Permissions Violation for Publish to \"" + next + "\"");
    }

    @Test
    void controlPlaneSeesHealthAndNodeCannotSpeakForAnother() throws Exception {
        Errors s1Errors = new Errors();
        Connection control = connect("control-1", new Errors());
        Connection s1 = connect("s1", s1Errors);
        Subscription health = control.subscribe("custody.health.*");
        control.flush(WAIT);
        s1.publish(SubjectPlan.healthSubject("s1"), bytes("ok"));
        Message m = health.nextMessage(WAIT);
        assertNotNull(m, "control saw no heartbeat");
        assertEquals("custody.health.s1", m.getSubject());
        s1.publish(SubjectPlan.healthSubject("s2"), bytes("s2 is fine, trust me"));
        s1.flush(WAIT);
        s1Errors.await("Permissions Violation for Publish to \"custody.health.s2\"");
        assertNull(health.nextMessage(SHORT));
    }

    private Connection connect(String user, Errors errors) throws Exception {
        Connection c = Nats.connect(options(user, errors));
        open.add(c);
        return c;
    }

    private static Options options(String user, Errors errors) throws IOException {
        char[] seed = Files.readString(SeedFiles.seedFile(out, user), StandardCharsets.US_ASCII).strip().toCharArray();
        return Options.builder()
                .server(url())
                .authHandler(Nats.staticCredentials(null, seed))
                .inboxPrefix(SubjectPlan.inboxPrefix(user))
                .errorListener(errors)
                .noReconnect()
                .connectionTimeout(WAIT)
                .build();
    }

    private static JetStreamOptions signerJs() {
        return JetStreamOptions.builder().prefix(SubjectPlan.SIGNERS_JS_PREFIX).build();
    }

    private static String url() {
        return "nats://127.0.0.1:" + port;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    /** Collects the server's -ERR lines (permission violations) as jnats reports them. */
    static final class Errors implements ErrorListener {
        private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

        @Override
        public void errorOccurred(Connection conn, String error) {
            errors.add(error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            errors.add(String.valueOf(exp));
        }

        void await(String fragment) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                String e = errors.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    seen.add(e);
                    if (e.contains(fragment)) {
                        return;
                    }
                }
            }
            throw new AssertionError("expected an error containing [" + fragment + "], saw " + seen);
        }
    }
}

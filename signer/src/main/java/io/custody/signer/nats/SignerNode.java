package io.custody.signer.nats;

import io.custody.proto.nats.NatsSubjects;
import io.custody.signer.config.SignerConfig;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.session.Mailboxes;
import io.custody.signer.session.SessionSlots;
import io.custody.signer.session.StagedShares;
import io.custody.signer.session.WalletHolding;
import io.custody.signer.session.WalletHoldings;
import io.custody.signer.store.ShareSink;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One signer node on NATS, as {@code custodyctl nats-config} deploys it (docs/nats-subjects.md):
 * its round transport, its control subject {@code custody.control.<node>}, a puller on the shared
 * {@code pool} consumer (sign jobs; at most half its slots coordinate, so members always find
 * room) and one on its own {@code node-<node>} consumer (DKG, refresh and activation jobs, and sign
 * jobs addressed to it), and a {@link HeartbeatPublisher} on {@code custody.health.<node>}.
 * Both consumers are reached through the imported JetStream API ({@link Subjects#JS_API_PREFIX});
 * the node never creates streams or consumers ({@code custodyctl nats-bootstrap} does). Owns the
 * NATS connection and the enclave client it is given.
 */
public final class SignerNode implements AutoCloseable {
    private static final Duration MAILBOX_TTL = Duration.ofMinutes(2);

    private final Connection connection;
    private final EnclaveClient enclave;
    private final WalletHoldings holdings;
    private final NatsRoundTransport transport;
    private final ControlHandler control;
    private final JobPuller signJobs;
    private final JobPuller ownJobs;
    private final HeartbeatPublisher heartbeats;
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("mailbox-janitor").factory());

    private SignerNode(SignerConfig config, Connection connection, EnclaveClient enclave, DataKeySource dataKeys,
                       ShareSink shares, ShareReopener reopener, WalletHoldings holdings) throws Exception {
        this.connection = connection;
        this.enclave = enclave;
        this.holdings = holdings;
        // Before anything answers or pulls: the wallets this node signs for come from its share store.
        for (WalletHolding holding : reopener.reopen(enclave)) {
            holdings.put(holding);
        }
        String self = config.nodeId();
        JetStreamOptions jetStream = JetStreamOptions.builder().prefix(Subjects.JS_API_PREFIX).build();
        Mailboxes mailboxes = new Mailboxes(self, 4096, MAILBOX_TTL);
        janitor.scheduleAtFixedRate(mailboxes::purgeExpired, 30, 30, TimeUnit.SECONDS);
        transport = new NatsRoundTransport(connection, self, mailboxes).start();
        SessionSlots slots = new SessionSlots(config.maxSessions());
        NodeContext node = new NodeContext(self, connection, enclave, transport, mailboxes, holdings,
                new StagedShares(), slots, new ResultPublisher(connection.jetStream(jetStream), self),
                new NodeContext.Timeouts(config.phaseTimeout(), config.proposalTimeout()), new FinishedJobs(),
                new RunningJobs());
        control = new ControlHandler(node).start();
        heartbeats = new HeartbeatPublisher(connection, self, enclave, slots).start();
        connection.flush(Duration.ofSeconds(5));

        Semaphore coordinating = new Semaphore(Math.max(1, config.maxSessions() / 2));
        SignCoordinator coordinator = new SignCoordinator(node);
        signJobs = new JobPuller(self + "-pool-jobs",
                connection.getConsumerContext(Subjects.JOBS_STREAM, Subjects.POOL_CONSUMER, jetStream),
                () -> reserve(coordinating, slots), () -> {
                    slots.end();
                    coordinating.release();
                }, JobMessages.parsing(coordinator::handle)).start();
        Map<String, JobPuller.Handler> byKind = Map.of(
                NatsSubjects.KIND_SIGN, JobMessages.parsing(coordinator::handle),
                NatsSubjects.KIND_DKG, JobMessages.parsing(new DkgRunner(node, dataKeys, shares)::handle),
                NatsSubjects.KIND_REFRESH, JobMessages.parsing(new RefreshRunner(node, dataKeys, shares)::handle),
                NatsSubjects.KIND_ACTIVATE, JobMessages.parsing(new ShareActivator(node, shares)::handle));
        ownJobs = new JobPuller(self + "-own-jobs",
                connection.getConsumerContext(Subjects.JOBS_STREAM, Subjects.nodeConsumer(self), jetStream),
                slots::tryBegin, slots::end, job -> ownJob(job, byKind)).start();
    }

    /** A job on this node's own consumer, by the kind token of its subject; an unknown kind is terminated. */
    private static void ownJob(Message job, Map<String, JobPuller.Handler> byKind) throws Exception {
        JobPuller.Handler handler = byKind.get(Subjects.jobKind(job.getSubject()));
        if (handler == null) {
            job.term(); // no node of this version can do it; redelivery would not help
            return;
        }
        handler.handle(job);
    }

    /**
     * The connection options of node {@code nodeId} in a deployment: its NKey seed (the
     * {@code nkeys/<node>.nk} of {@code custodyctl nats-config}), its own inbox prefix (the only
     * inbox its permissions let it read), unlimited reconnects, and connection events and slow
     * consumers logged ({@link NatsEventLog}).
     */
    public static Options.Builder natsOptions(String nodeId, String natsUrl, char[] seed) {
        NatsEventLog events = new NatsEventLog(Subjects.requireNodeId(nodeId));
        Options.Builder options = Options.builder().server(natsUrl).connectionName(nodeId)
                .inboxPrefix(Subjects.inboxPrefix(nodeId)).maxReconnects(-1)
                .errorListener(events).connectionListener(events);
        if (seed != null) {
            options.authHandler(Nats.staticCredentials(null, seed));
        }
        return options;
    }

    /**
     * Starts a node on a connection made with {@link #natsOptions}; the JOBS and RESULTS streams and
     * the consumers {@code pool} and {@code node-<node>} must exist ({@code custodyctl nats-bootstrap}).
     */
    public static SignerNode start(SignerConfig config, Connection connection, EnclaveClient enclave,
                                   DataKeySource dataKeys, ShareSink shares) throws Exception {
        return start(config, connection, enclave, dataKeys, shares, ShareReopener.NONE);
    }

    /**
     * As above, reopening the node's stored shares first ({@link PersistentShares}): the node
     * takes jobs only once every share that opens is in its holdings.
     */
    public static SignerNode start(SignerConfig config, Connection connection, EnclaveClient enclave,
                                   DataKeySource dataKeys, ShareSink shares, ShareReopener reopener)
            throws Exception {
        String inbox = connection.getOptions().getInboxPrefix();
        if (!Subjects.inboxPrefix(config.nodeId()).equals(inbox)) {
            throw new IllegalArgumentException("the NATS connection's inbox prefix is " + inbox + ", but node "
                    + config.nodeId() + " may only read replies under " + Subjects.inboxPrefix(config.nodeId())
                    + " (use SignerNode.natsOptions)");
        }
        return new SignerNode(config, connection, enclave, dataKeys, shares, reopener, new WalletHoldings());
    }

    private static boolean reserve(Semaphore coordinating, SessionSlots slots) {
        if (!coordinating.tryAcquire()) {
            return false;
        }
        if (!slots.tryBegin()) {
            coordinating.release();
            return false;
        }
        return true;
    }

    public WalletHoldings holdings() {
        return holdings;
    }

    /** Stops pulling and answering, then closes the connection (jobs in flight are redelivered). */
    @Override
    public void close() throws Exception {
        signJobs.close();
        ownJobs.close();
        heartbeats.close();
        control.close();
        transport.close();
        janitor.shutdownNow();
        connection.close();
        enclave.close();
    }
}

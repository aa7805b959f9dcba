package io.custody.signer.nats;

import io.custody.signer.config.SignerConfig;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.kms.DataKeySource;
import io.custody.signer.session.Mailboxes;
import io.custody.signer.session.SessionSlots;
import io.custody.signer.session.WalletHoldings;
import io.custody.signer.store.ShareSink;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One signer node on NATS: its round transport, its control subject, a puller on the shared
 * sign consumer (at most half its slots coordinate, so members always find room) and one on its
 * own DKG consumer. Owns the NATS connection and the enclave client it is given.
 */
public final class SignerNode implements AutoCloseable {
    private static final Duration MAILBOX_TTL = Duration.ofMinutes(2);

    private final Connection connection;
    private final EnclaveClient enclave;
    private final WalletHoldings holdings;
    private final NatsRoundTransport transport;
    private final ControlHandler control;
    private final JobPuller signJobs;
    private final JobPuller dkgJobs;
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("mailbox-janitor").factory());

    private SignerNode(SignerConfig config, Connection connection, EnclaveClient enclave, DataKeySource dataKeys,
                       ShareSink shares, WalletHoldings holdings) throws Exception {
        this.connection = connection;
        this.enclave = enclave;
        this.holdings = holdings;
        String self = config.nodeId();
        Mailboxes mailboxes = new Mailboxes(self, 4096, MAILBOX_TTL);
        janitor.scheduleAtFixedRate(mailboxes::purgeExpired, 30, 30, TimeUnit.SECONDS);
        transport = new NatsRoundTransport(connection, self, mailboxes).start();
        SessionSlots slots = new SessionSlots(config.maxSessions());
        NodeContext node = new NodeContext(self, connection, enclave, transport, mailboxes, holdings, slots,
                new ResultPublisher(connection.jetStream(), self),
                new NodeContext.Timeouts(config.phaseTimeout(), config.proposalTimeout()));
        control = new ControlHandler(node).start();
        connection.flush(Duration.ofSeconds(5));

        Semaphore coordinating = new Semaphore(Math.max(1, config.maxSessions() / 2));
        SignCoordinator coordinator = new SignCoordinator(node);
        signJobs = new JobPuller(self + "-sign-jobs",
                connection.getConsumerContext(Subjects.JOBS_STREAM, Subjects.SIGN_CONSUMER),
                () -> reserve(coordinating, slots), () -> {
                    slots.end();
                    coordinating.release();
                }, coordinator::handle).start();
        DkgRunner dkg = new DkgRunner(node, dataKeys, shares);
        dkgJobs = new JobPuller(self + "-dkg-jobs",
                connection.getConsumerContext(Subjects.JOBS_STREAM, Subjects.dkgConsumer(self)),
                slots::tryBegin, slots::end, dkg::handle).start();
    }

    /** Starts a node; the JOBS/RESULTS streams and its consumers must exist ({@link JobStreams#ensure}). */
    public static SignerNode start(SignerConfig config, Connection connection, EnclaveClient enclave,
                                   DataKeySource dataKeys, ShareSink shares) throws Exception {
        return new SignerNode(config, connection, enclave, dataKeys, shares, new WalletHoldings());
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
        dkgJobs.close();
        control.close();
        transport.close();
        janitor.shutdownNow();
        connection.close();
        enclave.close();
    }
}

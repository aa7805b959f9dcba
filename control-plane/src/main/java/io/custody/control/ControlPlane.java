package io.custody.control;

import io.custody.control.api.AdminApi;
import io.custody.control.api.CallerIdentity;
import io.custody.control.api.CustodyApi;
import io.custody.control.api.ErrorInterceptor;
import io.custody.control.api.NodeDirectory;
import io.custody.control.api.ReceivedBytes;
import io.custody.control.anchor.AnchorLog;
import io.custody.control.anchor.AnchorVerifier;
import io.custody.control.anchor.AuditAnchoring;
import io.custody.control.audit.AuditLog;
import io.custody.control.auth.ApiClientRegistry;
import io.custody.control.auth.RequestAuthenticator;
import io.custody.control.config.AnchorSettings;
import io.custody.control.config.ControlPlaneSettings;
import io.custody.control.nats.HeartbeatMonitor;
import io.custody.control.nats.JetStreamJobPublisher;
import io.custody.control.nats.JobDispatch;
import io.custody.control.nats.JobIds;
import io.custody.control.nats.JobPublisher;
import io.custody.control.nats.Redriver;
import io.custody.control.nats.ResultConsumer;
import io.custody.control.s3.LockedBucket;
import io.custody.control.s3.S3Clients;
import io.custody.control.signing.SignedOutput;
import io.custody.control.signing.SigningProgress;
import io.custody.control.signing.SigningService;
import io.custody.control.store.ApiClientStore;
import io.custody.control.store.Database;
import io.custody.control.store.IdempotencyStore;
import io.custody.control.store.OperationStore;
import io.custody.control.store.SigningRequestStore;
import io.custody.control.store.WalletStore;
import io.custody.control.wallet.OperationProgress;
import io.custody.control.wallet.WalletService;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.nats.NatsSubjects;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The control plane, wired: the store (migrated at start), the NATS side (jobs out, results and
 * heartbeats in), the services, and the gRPC server with health and reflection. Built from an
 * injected {@link ServerBuilder} and NATS {@link Connection}, so tests run it in-process against a
 * real nats-server and Postgres, and {@link ControlPlaneMain} runs it on Netty with TLS.
 *
 * <p>Start order: check the streams exist ({@code custodyctl nats-bootstrap}); open the store as the
 * runtime role (the schema owner migrated it beforehand); with anchoring configured, check the
 * bucket locks what it is given and start anchoring; consume results; publish again every job not
 * known to be done (nothing accepted is lost across a restart); serve.
 */
public final class ControlPlane implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());

    private final Database database;
    private final Server server;
    private final ResultConsumer results;
    private final HeartbeatMonitor heartbeats;
    private final ScheduledExecutorService timer;
    private final HealthStatusManager health;
    private final Redriver redriver;
    private final Anchoring anchoring;

    private ControlPlane(Database database, Server server, ResultConsumer results, HeartbeatMonitor heartbeats,
            ScheduledExecutorService timer, HealthStatusManager health, Redriver redriver, Anchoring anchoring) {
        this.anchoring = anchoring;
        this.database = database;
        this.server = server;
        this.results = results;
        this.heartbeats = heartbeats;
        this.timer = timer;
        this.health = health;
        this.redriver = redriver;
    }

    public static ControlPlane start(ControlPlaneSettings settings, Connection nats, ServerBuilder<?> serverBuilder,
            Clock clock) throws Exception {
        return start(settings, nats, serverBuilder, clock, UnaryOperator.identity());
    }

    /** As above; {@code publishers} may wrap the JetStream publisher (tests simulate lost publishes). */
    public static ControlPlane start(ControlPlaneSettings settings, Connection nats, ServerBuilder<?> serverBuilder,
            Clock clock, UnaryOperator<JobPublisher> publishers) throws Exception {
        requireStreams(nats);
        char[] password = settings.dbPassword();
        Database database = Database.open(settings.dbUrl(), settings.dbUser(), password, settings.maxDbConnections(),
                clock);
        java.util.Arrays.fill(password, '\0');
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon()
                .name("control-plane-timer-", 0).factory());
        Anchoring anchoring = null;
        try {
            AuditLog audit = new AuditLog(database);
            anchoring = settings.anchoring().map(a -> Anchoring.start(a, audit, clock)).orElse(null);
            IdempotencyStore idempotency = new IdempotencyStore();
            ApiClientStore clients = new ApiClientStore(database);
            WalletStore wallets = new WalletStore(database);
            OperationStore operations = new OperationStore(database);
            SigningRequestStore requests = new SigningRequestStore(database);
            Changes changes = new Changes();
            JobDispatch dispatch = new JobDispatch(publishers.apply(new JetStreamJobPublisher(nats.jetStream())),
                    operations, requests);
            WalletService walletService = new WalletService(database, audit, idempotency, wallets, operations, clients,
                    dispatch, changes, settings.wallets());
            SigningService signingService = new SigningService(database, audit, idempotency, wallets, requests,
                    dispatch, changes, settings.signDeadline());
            OperationProgress operationProgress = new OperationProgress(database, audit, operations, wallets,
                    walletService, changes);
            SigningProgress signingProgress = new SigningProgress(database, audit, requests, wallets,
                    new SignedOutput(), changes);
            RequestAuthenticator authenticator = new RequestAuthenticator(clients, settings.operatorKeys());
            HeartbeatMonitor heartbeats = new HeartbeatMonitor(new HashSet<>(settings.wallets().nodeIds()), clock)
                    .start(nats);
            ResultConsumer results = ResultConsumer.start(nats, result -> route(result, signingProgress,
                    operationProgress));
            Redriver redriver = new Redriver(requests, operations, signingService, walletService);
            int republished = redriver.republishAll();
            LOG.log(Level.INFO, "published again the jobs of {0} open requests and operations", republished);

            HealthStatusManager health = new HealthStatusManager();
            CustodyApi custody = new CustodyApi(authenticator, walletService, signingService, wallets, operations,
                    requests, clients, changes, timer);
            AdminApi admin = new AdminApi(authenticator, new ApiClientRegistry(database, audit, idempotency, clients),
                    clients, audit, new NodeDirectory(settings.wallets().nodeIds(), heartbeats, clock),
                    Optional.ofNullable(anchoring).map(Anchoring::verifier));
            Server server = serverBuilder
                    .addService(ServerInterceptors.intercept(ReceivedBytes.capture(custody.bindService()),
                            new CallerIdentity(), new ErrorInterceptor()))
                    .addService(ServerInterceptors.intercept(ReceivedBytes.capture(admin.bindService()),
                            new CallerIdentity(), new ErrorInterceptor()))
                    .addService(health.getHealthService())
                    .addService(ProtoReflectionServiceV1.newInstance())
                    .addService(legacyReflection())
                    .build().start();
            health.setStatus("", ServingStatus.SERVING);
            health.setStatus(CustodyServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
            health.setStatus(AdminServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
            long every = settings.redriveInterval().toMillis();
            timer.scheduleWithFixedDelay(redriver::republishUnacknowledged, every, every, TimeUnit.MILLISECONDS);
            return new ControlPlane(database, server, results, heartbeats, timer, health, redriver, anchoring);
        } catch (Exception | Error e) {
            timer.shutdownNow();
            if (anchoring != null) {
                anchoring.timer().shutdownNow();
                anchoring.s3().close();
            }
            database.close();
            throw e;
        }
    }

    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService legacyReflection() {
        return ProtoReflectionService.newInstance(); // v1alpha, for older grpcurl builds
    }

    private static void route(JobResult result, SigningProgress signing, OperationProgress operations) {
        if (JobIds.isSigningJob(result.getJobId())) {
            signing.onResult(result);
        } else if (JobIds.parseOperationJob(result.getJobId()).isPresent()) {
            operations.onResult(result);
        } else {
            LOG.log(Level.WARNING, "result for job {0}, which is no job of ours; dropped", result.getJobId());
        }
    }

    private static void requireStreams(Connection nats) throws IOException {
        try {
            var jsm = nats.jetStreamManagement();
            jsm.getStreamInfo(NatsSubjects.JOBS_STREAM);
            jsm.getStreamInfo(NatsSubjects.RESULTS_STREAM);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("the JetStream streams " + NatsSubjects.JOBS_STREAM + " and "
                    + NatsSubjects.RESULTS_STREAM + " must exist (run `custodyctl nats-bootstrap`): " + e.getMessage(), e);
        }
    }

    public Server server() {
        return server;
    }

    public Database database() {
        return database;
    }

    /** For tests: publish every unacknowledged job now instead of at the next round. */
    public int redriveNow() {
        return redriver.republishUnacknowledged();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops serving, then consuming; in-flight calls get a few seconds. */
    @Override
    public void close() throws Exception {
        health.enterTerminalState();
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
        results.close();
        heartbeats.close();
        if (anchoring != null) {
            anchoring.writer().close(); // the last head, after the server stopped appending
            anchoring.timer().shutdownNow();
            anchoring.s3().close();
        }
        timer.shutdownNow();
        database.close();
    }

    /** For tests: the audit anchoring, if configured. */
    public Optional<AuditAnchoring> anchoring() {
        return Optional.ofNullable(anchoring).map(Anchoring::writer);
    }

    /**
     * The anchoring parts: the S3 client, its own timer thread (a slow S3 call must not hold up
     * re-drives), the periodic writer, the verifier VerifyAuditChain uses.
     */
    private record Anchoring(S3Client s3, ScheduledExecutorService timer, AuditAnchoring writer,
            AnchorVerifier verifier) {

        /** Refuses a bucket that does not lock what is written (fail closed at start), then anchors. */
        static Anchoring start(AnchorSettings settings, AuditLog audit, Clock clock) {
            S3Client s3 = S3Clients.create(settings.endpoint(), settings.region(), settings.credentials());
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("audit-anchoring").factory());
            try {
                LockedBucket bucket = new LockedBucket(s3, settings.bucket());
                bucket.requireComplianceLock(settings.minimumRetention());
                AnchorLog anchors = new AnchorLog(bucket, settings.prefix());
                AuditAnchoring writer = new AuditAnchoring(audit, anchors, settings.controlPlaneId(), clock)
                        .start(timer, settings.interval());
                LOG.log(Level.INFO, "anchoring the audit chain: {0}", settings);
                return new Anchoring(s3, timer, writer, new AnchorVerifier(anchors, audit));
            } catch (RuntimeException e) {
                timer.shutdownNow();
                s3.close();
                throw e;
            }
        }
    }
}

package io.custody.control.testing;

import io.custody.control.ControlPlane;
import io.custody.control.api.CallerIdentity;
import io.custody.control.auth.OperatorKeys;
import io.custody.control.config.AnchorSettings;
import io.custody.control.config.ControlPlaneSettings;
import io.custody.control.nats.JobPublisher;
import io.custody.control.wallet.WalletSettings;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.ApiClient;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.GetOperationRequest;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.WalletGovernance;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One control plane as deployed, in-process: real Postgres, real nats-server on the deployment's
 * plane, scripted signer nodes, the gRPC API in-process (or on Netty, for grpcurl). Can be stopped
 * and started again on the same database and messaging plane.
 */
public final class ControlPlaneFixture implements AutoCloseable {
    public static final List<String> NODES = List.of("s1", "s2", "s3", "s4", "s5");

    public final TestDatabase database;
    public final TestNatsPlane nats;
    public final SignerStandIn signers;
    public final TestKeys admin;
    private Connection connection;
    private ControlPlane plane;
    private ManagedChannel channel;
    private String serverName;
    private AnchorSettings anchoring;

    private ControlPlaneFixture(TestDatabase database, TestNatsPlane nats, SignerStandIn signers, TestKeys admin) {
        this.database = database;
        this.nats = nats;
        this.signers = signers;
        this.admin = admin;
    }

    public static ControlPlaneFixture start(boolean signing) throws Exception {
        return start(signing, null);
    }

    /** As above, anchoring the audit chain as {@code anchoring} says (null: not anchored). */
    public static ControlPlaneFixture start(boolean signing, AnchorSettings anchoring) throws Exception {
        TestDatabase db = TestDatabase.create();
        TestNatsPlane nats = TestNatsPlane.start(NODES);
        SignerStandIn signers = SignerStandIn.start(nats, NODES, signing);
        ControlPlaneFixture fixture = new ControlPlaneFixture(db, nats, signers, TestKeys.ed25519());
        fixture.anchoring = anchoring;
        fixture.startPlane(UnaryOperator.identity(), null);
        return fixture;
    }

    public ControlPlaneSettings settings() {
        ControlPlaneSettings settings = new ControlPlaneSettings(database.jdbcUrl(), database.user(), database.password(), 20,
                new WalletSettings(NODES, 3, "kms-key-test", ControlPlaneSettings.DEFAULT_OPERATION_DEADLINE),
                new OperatorKeys(List.of(OperatorKeys.operatorKey(admin.spki()))),
                ControlPlaneSettings.DEFAULT_SIGN_DEADLINE, Duration.ofSeconds(1));
        return anchoring == null ? settings : settings.withAnchoring(anchoring);
    }

    /** Starts the control plane; {@code serverBuilder} null = in-process. */
    public void startPlane(UnaryOperator<JobPublisher> publishers, ServerBuilder<?> serverBuilder) throws Exception {
        connection = nats.connect(TestNatsPlane.CONTROL_USER);
        serverName = "control-plane-" + UUID.randomUUID();
        plane = ControlPlane.start(settings(), connection,
                serverBuilder == null ? InProcessServerBuilder.forName(serverName) : serverBuilder,
                Clock.systemUTC(), publishers);
        channel = InProcessChannelBuilder.forName(serverName).build();
    }

    /** Stops the control plane (the database, NATS and the signers stay). */
    public void stopPlane() throws Exception {
        channel.shutdownNow();
        plane.close();
        connection.close();
    }

    public ControlPlane plane() {
        return plane;
    }

    public CustodyServiceGrpc.CustodyServiceBlockingStub custody() {
        return CustodyServiceGrpc.newBlockingStub(channel);
    }

    /** A client stub that names its caller as Envoy would (custody-client-id). */
    public CustodyServiceGrpc.CustodyServiceBlockingStub custodyAs(String clientId) {
        Metadata headers = new Metadata();
        headers.put(CallerIdentity.HEADER, clientId);
        return CustodyServiceGrpc.newBlockingStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public CustodyServiceGrpc.CustodyServiceStub custodyAsync() {
        return CustodyServiceGrpc.newStub(channel);
    }

    public AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(channel);
    }

    /** Registers an API client with {@code keys} (operator-signed). */
    public ApiClient register(String name, TestKeys... keys) {
        RegisterApiClientRequest.Builder request = RegisterApiClientRequest.newBuilder()
                .setIdempotencyKey("register-" + UUID.randomUUID()).setDisplayName(name);
        for (TestKeys k : keys) {
            request.addKeys(k.publicKey());
        }
        return admin().registerApiClient(admin.sign(AdminServiceGrpc.getRegisterApiClientMethod(), request.build()))
                .getApiClient();
    }

    public CreateWalletRequest createWalletRequest(TestKeys signer, boolean allowRawDigest, TestKeys... governance) {
        WalletGovernance.Builder g = WalletGovernance.newBuilder().setAllowRawDigestSigning(allowRawDigest);
        for (TestKeys k : governance) {
            g.addSigningKeys(k.publicKey());
        }
        return signer.sign(CustodyServiceGrpc.getCreateWalletMethod(), CreateWalletRequest.newBuilder()
                .setIdempotencyKey("create-" + UUID.randomUUID()).setDisplayName("test wallet")
                .setCurve(Curve.CURVE_SECP256K1).setGovernance(g).build());
    }

    /** Creates a wallet governed by {@code key} and waits until its DKG operation is done. */
    public Operation createWallet(TestKeys key, boolean allowRawDigest) throws InterruptedException {
        Operation started = custody().createWallet(createWalletRequest(key, allowRawDigest, key));
        return awaitDone(started.getName());
    }

    public Operation awaitDone(String name) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Operation op = custody().getOperation(GetOperationRequest.newBuilder().setName(name).build());
            if (op.getDone()) {
                return op;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("operation not done: " + op);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopPlane();
        } finally {
            signers.close();
            nats.close();
        }
    }
}

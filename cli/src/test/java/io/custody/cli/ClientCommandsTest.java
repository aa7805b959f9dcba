package io.custody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.custody.cli.demo.EthereumSignature;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.ApiClient;
import io.custody.proto.admin.v1.ApiClientState;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.admin.v1.RegisterApiClientResponse;
import io.custody.proto.v1.Address;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.DeriveAddressResponse;
import io.custody.proto.v1.EcdsaSignature;
import io.custody.proto.v1.GetOperationRequest;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignEthereumTransactionResponse;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SignMessageResponse;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.SigningResult;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletState;
import io.custody.proto.v1.WatchSigningRequestRequest;
import io.custody.proto.v1.WatchSigningRequestResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custodyctl client|wallet|sign} against a small in-process stand-in of the control plane. */
class ClientCommandsTest {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final byte[] WALLET_KEY = CURVE.getG().multiply(BigInteger.valueOf(7)).getEncoded(true);

    @TempDir Path dir;
    private Server server;
    private final Map<String, SigningRequest> requests = new ConcurrentHashMap<>();
    private final AtomicReference<CreateWalletRequest> created = new AtomicReference<>();
    private final AtomicReference<SignMessageRequest> signedMessage = new AtomicReference<>();
    private final AtomicReference<SignEthereumTransactionRequest> signedTx = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new AdminServiceGrpc.AdminServiceImplBase() {
                    @Override
                    public void registerApiClient(RegisterApiClientRequest request,
                            StreamObserver<RegisterApiClientResponse> response) {
                        response.onNext(RegisterApiClientResponse.newBuilder().setApiClient(ApiClient.newBuilder()
                                .setClientId("c-1").setState(ApiClientState.API_CLIENT_STATE_ACTIVE)).build());
                        response.onCompleted();
                    }
                })
                .addService(new CustodyServiceGrpc.CustodyServiceImplBase() {
                    @Override
                    public void createWallet(CreateWalletRequest request, StreamObserver<Operation> response) {
                        created.set(request);
                        response.onNext(Operation.newBuilder().setName("operations/op-1").setWalletId("w-1").build());
                        response.onCompleted();
                    }

                    @Override
                    public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
                        response.onNext(Operation.newBuilder().setName(request.getName()).setDone(true)
                                .setWallet(Wallet.newBuilder().setWalletId("w-1").setState(WalletState.WALLET_STATE_ACTIVE)
                                        .setThreshold(3).setShareCount(5).setShareVersion(1)
                                        .setPublicKey(ByteString.copyFrom(WALLET_KEY)))
                                .build());
                        response.onCompleted();
                    }

                    @Override
                    public void deriveAddress(DeriveAddressRequest request, StreamObserver<DeriveAddressResponse> response) {
                        response.onNext(DeriveAddressResponse.newBuilder().setAddress(Address.newBuilder()
                                .addAllDerivationPath(request.getDerivationPathList())
                                .setAddress(EthereumSignature.address(WALLET_KEY))).build());
                        response.onCompleted();
                    }

                    @Override
                    public void signMessage(SignMessageRequest request, StreamObserver<SignMessageResponse> response) {
                        if (request.getWalletId().equals("w-missing")) {
                            response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                                    .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage("the request is invalid")
                                    .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
                                            BadRequest.FieldViolation.newBuilder().setField("wallet_id")
                                                    .setDescription("no such wallet"))
                                            .build()))
                                    .build()));
                            return;
                        }
                        signedMessage.set(request);
                        SigningRequest queued = SigningRequest.newBuilder().setRequestId("sr-1")
                                .setWalletId(request.getWalletId())
                                .setState(SigningRequestState.SIGNING_REQUEST_STATE_QUEUED)
                                .setDigest(ByteString.copyFrom(new byte[32])).build();
                        requests.put("sr-1", queued);
                        response.onNext(SignMessageResponse.newBuilder().setSigningRequest(queued).build());
                        response.onCompleted();
                    }

                    @Override
                    public void signEthereumTransaction(SignEthereumTransactionRequest request,
                            StreamObserver<SignEthereumTransactionResponse> response) {
                        signedTx.set(request);
                        SigningRequest queued = SigningRequest.newBuilder().setRequestId("sr-2")
                                .setWalletId(request.getWalletId())
                                .setState(SigningRequestState.SIGNING_REQUEST_STATE_QUEUED)
                                .setDigest(ByteString.copyFrom(new byte[32])).build();
                        requests.put("sr-2", queued);
                        response.onNext(SignEthereumTransactionResponse.newBuilder().setSigningRequest(queued).build());
                        response.onCompleted();
                    }

                    @Override
                    public void watchSigningRequest(WatchSigningRequestRequest request,
                            StreamObserver<WatchSigningRequestResponse> response) {
                        SigningRequest queued = requests.get(request.getRequestId());
                        response.onNext(WatchSigningRequestResponse.newBuilder().setSigningRequest(queued).build());
                        response.onNext(WatchSigningRequestResponse.newBuilder().setSigningRequest(queued.toBuilder()
                                .setState(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED)
                                .setResult(SigningResult.newBuilder().setSignature(EcdsaSignature.newBuilder()
                                        .setR(ByteString.copyFrom(new byte[] {0x01, 0x02}))
                                        .setS(ByteString.copyFrom(new byte[] {0x03})).setRecoveryId(1))
                                        .setSignedTransaction(ByteString.copyFrom(new byte[] {0x02, (byte) 0xf8}))
                                        .setTransactionHash(ByteString.copyFrom(new byte[] {(byte) 0xab}))))
                                .build());
                        response.onCompleted();
                    }
                })
                .build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void initRegisterCreateAddressSignMessage() throws Exception {
        Path key = dir.resolve("client.pem");
        Result init = run("client", "init", "--key", key.toString());
        assertEquals(0, init.exit(), init.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.exists(dir.resolve("client.pub")));
        assertTrue(init.out().contains("key id      sha256:"), init.out());

        io.custody.cli.grpc.RequestKey.generate().write(dir.resolve("admin-key.pem"), dir.resolve("admin-key.pub"));
        Result register = run("client", "register", "--key", key.toString(), "--target", target(),
                "--operator-key", dir.resolve("admin-key.pem").toString());
        assertEquals(0, register.exit(), register.err());
        assertTrue(register.out().contains("client id   c-1"), register.out());
        assertEquals("c-1", Files.readString(dir.resolve("client.client-id")).strip());

        Result create = run("wallet", "create", "--key", key.toString(), "--target", target(), "--name", "ops",
                "--allow-raw-digest", "--idempotency-key", "k-1");
        assertEquals(0, create.exit(), create.err());
        assertTrue(create.out().contains("wallet w-1: operation operations/op-1"), create.out());
        assertTrue(create.out().contains("state       ACTIVE, 3-of-5, share version 1"), create.out());
        assertTrue(create.out().contains("ethereum    " + EthereumSignature.address(WALLET_KEY)), create.out());
        assertEquals("k-1", created.get().getIdempotencyKey());
        assertTrue(created.get().getGovernance().getAllowRawDigestSigning());
        assertTrue(created.get().hasSignature());

        Result address = run("wallet", "address", "w-1", "--path", "0/1", "--target", target());
        assertEquals(0, address.exit(), address.err());
        assertTrue(address.out().contains("address     " + EthereumSignature.address(WALLET_KEY)), address.out());
        assertTrue(address.out().contains("path        m/0/1"), address.out());

        Result sign = run("sign", "message", "--key", key.toString(), "--wallet", "w-1", "--path", "0/1",
                "--target", target(), "hello");
        assertEquals(0, sign.exit(), sign.err());
        assertTrue(sign.out().contains("idempotency key custodyctl-"), sign.out());
        assertTrue(sign.out().contains("request sr-1 QUEUED"), sign.out());
        assertTrue(sign.out().contains(" SIGNED ("), sign.out());
        assertTrue(sign.out().contains("signature   0x" + "0".repeat(60) + "0102" + "0".repeat(62) + "031c"),
                sign.out());
        assertEquals(List.of(0, 1), signedMessage.get().getDerivationPathList());
        assertEquals("hello", signedMessage.get().getPersonalMessage().getMessage().toStringUtf8());
    }

    @Test
    void signTxPrintsTheRawTransactionAndChecksItsFeeFlags() {
        Path key = dir.resolve("client.pem");
        assertEquals(0, run("client", "init", "--key", key.toString()).exit());
        Result r = run("sign", "tx", "--key", key.toString(), "--wallet", "w-1", "--target", target(),
                "--chain-id", "31337", "--nonce", "4", "--to", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "--value-wei", "1000", "--max-fee-wei", "3000000000", "--tip-wei", "1000000000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("raw tx      0x02f8"), r.out());
        assertTrue(r.out().contains("tx hash     0xab"), r.out());
        assertEquals(31337, signedTx.get().getEthereumTransaction().getChainId());
        assertEquals(4, signedTx.get().getEthereumTransaction().getEip1559().getNonce());
        assertEquals(21000, signedTx.get().getEthereumTransaction().getEip1559().getGasLimit());
        assertTrue(signedTx.get().hasSignature());

        Result legacy = run("sign", "tx", "--key", key.toString(), "--wallet", "w-1", "--target", target(),
                "--chain-id", "1", "--nonce", "0", "--to", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "--value-wei", "1", "--legacy");
        assertEquals(1, legacy.exit(), legacy.out());
        assertTrue(legacy.err().contains("--legacy takes --gas-price-wei"), legacy.err());
    }

    @Test
    void anInvalidArgumentIsOneLineWithItsFieldViolations() {
        Path key = dir.resolve("client.pem");
        assertEquals(0, run("client", "init", "--key", key.toString()).exit());
        Result r = run("sign", "message", "--key", key.toString(), "--wallet", "w-missing", "--target", target(), "hi");
        assertEquals(1, r.exit(), r.out());
        assertEquals("custodyctl: the control plane answered INVALID_ARGUMENT: the request is invalid;"
                + " field wallet_id: no such wallet", r.err().strip());
        assertFalse(r.err().contains("at io."), r.err());
    }

    @Test
    void anUnreachableTargetIsOneLineToo() {
        Path key = dir.resolve("client.pem");
        assertEquals(0, run("client", "init", "--key", key.toString()).exit());
        Result r = run("wallet", "get", "w-1", "--target", "127.0.0.1:1");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().startsWith("custodyctl: the control plane answered UNAVAILABLE"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private String target() {
        return "127.0.0.1:" + server.getPort();
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CustodyCtl.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}

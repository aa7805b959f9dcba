package io.custody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.cli.demo.EthereumSignature;
import io.custody.cli.grpc.RequestKey;
import io.custody.proto.admin.v1.AdminServiceGrpc;
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
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SignMessageResponse;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.SigningResult;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WatchSigningRequestRequest;
import io.custody.proto.v1.WatchSigningRequestResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custodyctl bench} against an in-process stand-in of the control plane (one key per wallet, BouncyCastle). */
class BenchCommandTest {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    @Test
    void measuresAndVerifiesEverySignature(@TempDir Path dir) throws Exception {
        StandIn standIn = new StandIn(false);
        Server server = standIn.start();
        try {
            Result r = run(dir, server.getPort(), "--concurrency", "1,4", "--concurrency", "2");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("| 1 | 12 |") && r.out().contains("| 4 | 12 |") && r.out().contains("| 2 | 12 |"),
                    r.out());
            assertTrue(r.out().contains("2 governed wallet(s) ACTIVE (3-of-5)"), r.out());
            assertTrue(r.out().contains("no in-process figure"), r.out());
            // 3 warm-ups (min(C, 1) each) + 3 × 12 measured
            assertEquals(3 + 36, standIn.signed.get());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSignatureThatDoesNotRecoverTheWalletFailsTheRun(@TempDir Path dir) throws Exception {
        Server server = new StandIn(true).start();
        try {
            Result r = run(dir, server.getPort(), "--concurrency", "2");
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.err().contains("does NOT verify") || r.err().contains("does not recover"), r.err());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(Path dir, int port, String... more) {
        RequestKey operator = RequestKey.generate();
        operator.write(dir.resolve("admin-key.pem"), dir.resolve("admin-key.pub"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CustodyCtl.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] base = {"bench", "--target", "127.0.0.1:" + port, "--operator-key", dir.resolve("admin-key.pem").toString(),
            "--requests", "12", "--wallets", "2", "--warmup", "1", "--in-process", dir.resolve("none").toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Just enough of CustodyService and AdminService: wallets are plain secp256k1 keys held here. */
    private static final class StandIn {
        private final boolean broken;
        private final SecureRandom random = new SecureRandom();
        private final Map<String, BigInteger> keys = new ConcurrentHashMap<>();
        private final Map<String, SigningRequest> requests = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        final AtomicInteger signed = new AtomicInteger();

        StandIn(boolean broken) {
            this.broken = broken;
        }

        Server start() throws Exception {
            return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new AdminServiceGrpc.AdminServiceImplBase() {
                        @Override
                        public void registerApiClient(RegisterApiClientRequest request,
                                StreamObserver<RegisterApiClientResponse> response) {
                            if (!request.hasSignature()) {
                                response.onError(Status.UNAUTHENTICATED.asRuntimeException());
                                return;
                            }
                            response.onNext(RegisterApiClientResponse.getDefaultInstance());
                            response.onCompleted();
                        }
                    })
                    .addService(new CustodyServiceGrpc.CustodyServiceImplBase() {
                        @Override
                        public void createWallet(CreateWalletRequest request, StreamObserver<Operation> response) {
                            String id = "w" + ids.incrementAndGet();
                            keys.put(id, new BigInteger(250, random).add(BigInteger.ONE));
                            response.onNext(Operation.newBuilder().setName("operations/" + id).setWalletId(id).build());
                            response.onCompleted();
                        }

                        @Override
                        public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
                            String id = request.getName().substring("operations/".length());
                            response.onNext(Operation.newBuilder().setName(request.getName()).setDone(true)
                                    .setWallet(Wallet.newBuilder().setWalletId(id).setThreshold(3).setShareCount(5)
                                            .setPublicKey(ByteString.copyFrom(publicKey(id))))
                                    .build());
                            response.onCompleted();
                        }

                        @Override
                        public void deriveAddress(DeriveAddressRequest request,
                                StreamObserver<DeriveAddressResponse> response) {
                            response.onNext(DeriveAddressResponse.newBuilder().setAddress(Address.newBuilder()
                                    .setAddress(EthereumSignature.address(publicKey(request.getWalletId())))).build());
                            response.onCompleted();
                        }

                        @Override
                        public void signMessage(SignMessageRequest request, StreamObserver<SignMessageResponse> response) {
                            String id = "r" + ids.incrementAndGet();
                            SigningRequest queued = SigningRequest.newBuilder().setRequestId(id)
                                    .setWalletId(request.getWalletId())
                                    .setState(SigningRequestState.SIGNING_REQUEST_STATE_QUEUED)
                                    .setDigest(ByteString.copyFrom(EthereumSignature.personalMessageHash(
                                            request.getPersonalMessage().getMessage().toString(StandardCharsets.UTF_8))))
                                    .build();
                            requests.put(id, queued);
                            response.onNext(SignMessageResponse.newBuilder().setSigningRequest(queued).build());
                            response.onCompleted();
                        }

                        @Override
                        public void watchSigningRequest(WatchSigningRequestRequest request,
                                StreamObserver<WatchSigningRequestResponse> response) {
                            SigningRequest queued = requests.get(request.getRequestId());
                            response.onNext(WatchSigningRequestResponse.newBuilder().setSigningRequest(queued).build());
                            byte[] digest = queued.getDigest().toByteArray();
                            byte[] signedHash = broken ? EthereumSignature.personalMessageHash("something else") : digest;
                            response.onNext(WatchSigningRequestResponse.newBuilder().setSigningRequest(queued.toBuilder()
                                    .setState(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED)
                                    .setResult(SigningResult.newBuilder().setSignature(sign(queued.getWalletId(),
                                            signedHash))))
                                    .build());
                            signed.incrementAndGet();
                            response.onCompleted();
                        }
                    })
                    .build().start();
        }

        private byte[] publicKey(String walletId) {
            return CURVE.getG().multiply(keys.get(walletId)).getEncoded(true);
        }

        private EcdsaSignature sign(String walletId, byte[] hash) {
            ECDomainParameters domain = new ECDomainParameters(CURVE);
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, new ECPrivateKeyParameters(keys.get(walletId), domain));
            BigInteger[] rs = signer.generateSignature(hash);
            BigInteger s = EthereumSignature.isLowS(rs[1]) ? rs[1] : CURVE.getN().subtract(rs[1]);
            int v = Math.max(0, EthereumSignature.recoveryId(publicKey(walletId), hash, rs[0], s));
            return EcdsaSignature.newBuilder().setR(ByteString.copyFrom(rs[0].toByteArray()))
                    .setS(ByteString.copyFrom(s.toByteArray())).setRecoveryId(v).build();
        }
    }
}

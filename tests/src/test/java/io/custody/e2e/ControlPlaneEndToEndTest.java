package io.custody.e2e;

import static io.custody.e2e.SignerPlane.lap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.cli.nats.SubjectPlan;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.custody.enclave.authz.TestClient;
import io.custody.enclave.authz.TestRequests;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.AuditEvent;
import io.custody.proto.admin.v1.ListAuditEventsRequest;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.proto.v1.AddressFormat;
import io.custody.proto.v1.BitcoinNetwork;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.CustodyServiceGrpc.CustodyServiceBlockingStub;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.GetOperationRequest;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletGovernance;
import io.custody.proto.v1.WalletState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nats.client.PublishOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * Issue 6, item 5: the control plane as a real process ({@link ControlPlaneProcess}) in front of
 * the real signer side ({@link SignerPlane}: nats-server on the generated plane, five enclaves,
 * five signers, KMS emulator, Postgres), driven with the generated gRPC client. An operator
 * registers a client; the client creates a governed wallet (DKG), derives addresses, signs an
 * EIP-1559 and a legacy transaction and an EIP-191 message — each checked with web3j, which
 * recovers the derived address from the signed transaction or message. 100 concurrent duplicates
 * of one request make one request with one signature (one SIGNED transition in its audit trail);
 * an unregistered client is refused; requests accepted just before the control plane is SIGKILLed
 * are all signed after it restarts; and, while it is down, a request altered on the way by the
 * control plane's NATS identity (a compromised control-plane host) is refused by every enclave of
 * the quorum — read from RESULTS, which nobody else consumes meanwhile.
 */
class ControlPlaneEndToEndTest {
    private static final String SIGN_MESSAGE = TestClient.SIGN_MESSAGE;
    private static final String SIGN_TX = TestClient.SIGN_ETHEREUM_TRANSACTION;
    private static final Duration SIGNED_WITHIN = Duration.ofSeconds(60);

    private static SignerPlane plane;
    private static ControlPlaneProcess control;
    private static ManagedChannel channel;
    private static TestClient operator;
    private static TestClient client;

    @BeforeAll
    static void startEverything() throws Exception {
        plane = new SignerPlane("unused", false); // the control plane consumes RESULTS
        operator = TestClient.ed25519();
        client = TestClient.ed25519();
        control = new ControlPlaneProcess(plane, operator.publicKey().getPublicKey().toByteArray());
        channel = control.channel();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        for (AutoCloseable resource : new AutoCloseable[] {control, plane}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void aClientCreatesAWalletAndSignsThroughTheControlPlaneAndNothingElseIsSigned() throws Exception {
        long start = System.nanoTime();
        AdminServiceGrpc.newBlockingStub(channel).registerApiClient(operator.sign(
                "custody.admin.v1.AdminService/RegisterApiClient", RegisterApiClientRequest.newBuilder()
                        .setIdempotencyKey("register-client").setDisplayName("e2e client")
                        .addKeys(client.publicKey()).build()));
        Wallet wallet = createWallet();
        lap("wallet " + wallet.getWalletId() + " ACTIVE after a DKG through the control plane", start);

        String root = ethereumAddress(wallet, List.of());
        String child = ethereumAddress(wallet, List.of(0));
        String bitcoin = api().deriveAddress(DeriveAddressRequest.newBuilder().setWalletId(wallet.getWalletId())
                .addDerivationPath(0).setFormat(AddressFormat.ADDRESS_FORMAT_BITCOIN_P2WPKH)
                .setBitcoinNetwork(BitcoinNetwork.BITCOIN_NETWORK_REGTEST).build()).getAddress().getAddress();
        assertTrue(bitcoin.startsWith("bcrt1q"), bitcoin);
        lap("addresses: " + root + " (m), " + child + " (m/0), " + bitcoin + " (m/0, P2WPKH regtest)", start);

        SigningRequest eip1559 = awaitSigned(api().signEthereumTransaction(client.sign(SIGN_TX,
                TestRequests.transaction(wallet.getWalletId(), TestRequests.eip1559(), List.of(0))))
                .getSigningRequest().getRequestId());
        assertEquals(child, senderOf(eip1559), "web3j recovers the derived address from the signed EIP-1559 tx");
        SigningRequest legacy = awaitSigned(api().signEthereumTransaction(client.sign(SIGN_TX,
                TestRequests.transaction(wallet.getWalletId(), TestRequests.legacy(), List.of())))
                .getSigningRequest().getRequestId());
        assertEquals(root, senderOf(legacy), "web3j recovers the root address from the signed legacy tx");
        String text = "custody e2e " + System.nanoTime();
        SigningRequest message = awaitSigned(api().signMessage(client.sign(SIGN_MESSAGE,
                TestRequests.message(wallet.getWalletId(), text, List.of(0)))).getSigningRequest().getRequestId());
        assertEquals(child, personalSigner(text, message), "web3j recovers the derived address (EIP-191)");
        lap("EIP-1559, legacy and EIP-191 signed; web3j recovers the derived addresses", start);

        SignMessageRequest duplicate = client.sign(SIGN_MESSAGE,
                TestRequests.message(wallet.getWalletId(), "once " + System.nanoTime(), List.of()));
        Set<String> ids = new HashSet<>();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(callers.submit(() -> api().signMessage(duplicate).getSigningRequest().getRequestId()));
            }
            for (Future<String> call : calls) {
                ids.add(call.get());
            }
        }
        assertEquals(1, ids.size(), "100 duplicates, one request");
        String once = ids.iterator().next();
        SigningRequest signedOnce = awaitSigned(once);
        List<AuditEvent> trail = AdminServiceGrpc.newBlockingStub(channel).listAuditEvents(ListAuditEventsRequest
                .newBuilder().setResource("signing_requests/" + once).setPageSize(100).build()).getEventsList();
        assertEquals(1, trail.stream().filter(e -> e.getDetailsJson().contains("\"to\":\"SIGNED\"")).count(),
                () -> "one SIGNED transition in the audit trail: " + trail);
        lap("100 concurrent duplicates: one request " + once + ", one signature (r "
                + HexFormat.of().formatHex(signedOnce.getResult().getSignature().getR().toByteArray()).substring(0, 12)
                + "…), " + trail.size() + " audit events", start);

        TestClient stranger = TestClient.ed25519();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> api().signMessage(
                stranger.sign(SIGN_MESSAGE, TestRequests.message(wallet.getWalletId(), "not mine", List.of()))));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode(), refused::toString);
        lap("an unregistered client: " + refused.getStatus(), start);

        List<String> inFlight = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String t = "in flight " + i + " " + System.nanoTime();
            texts.add(t);
            inFlight.add(api().signMessage(client.sign(SIGN_MESSAGE, TestRequests.message(wallet.getWalletId(), t,
                    List.of(0)))).getSigningRequest().getRequestId());
        }
        control.kill();
        channel.shutdownNow();
        lap("5 requests accepted, then the control plane SIGKILLed", start);

        // While it is down nobody consumes RESULTS, so the harness can read what the enclaves said.
        alteredOnTheWayIsRefusedByTheEnclaves(wallet);
        lap("a request altered by the control plane's NATS identity: refused by every enclave of the quorum", start);

        control.start();
        channel = control.channel();
        for (int i = 0; i < inFlight.size(); i++) {
            assertEquals(child, personalSigner(texts.get(i), awaitSigned(inFlight.get(i))), inFlight.get(i));
        }
        lap("control plane restarted: all 5 in-flight requests signed, web3j recovers m/0", start);
        assertTrue(AdminServiceGrpc.newBlockingStub(channel).verifyAuditChain(VerifyAuditChainRequest
                .getDefaultInstance()).getValid(), "the audit chain verifies after the restart");
    }

    private static CustodyServiceBlockingStub api() {
        return CustodyServiceGrpc.newBlockingStub(channel);
    }

    private static Wallet createWallet() throws Exception {
        Operation operation = api().createWallet(client.sign("custody.v1.CustodyService/CreateWallet",
                CreateWalletRequest.newBuilder().setIdempotencyKey("wallet-e2e").setDisplayName("e2e")
                        .setCurve(Curve.CURVE_SECP256K1)
                        .setGovernance(WalletGovernance.newBuilder().addSigningKeys(client.publicKey()))
                        .build()));
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!operation.getDone()) {
            assertTrue(System.nanoTime() < until, "DKG not done: " + operation);
            Thread.sleep(250);
            operation = api().getOperation(GetOperationRequest.newBuilder().setName(operation.getName()).build());
        }
        Operation done = operation;
        assertTrue(done.hasWallet(), () -> "CreateWallet failed: " + done);
        assertEquals(WalletState.WALLET_STATE_ACTIVE, done.getWallet().getState());
        assertEquals(33, done.getWallet().getPublicKey().size());
        assertEquals(32, done.getWallet().getChainCode().size());
        return done.getWallet();
    }

    private static String ethereumAddress(Wallet wallet, List<Integer> path) {
        return api().deriveAddress(DeriveAddressRequest.newBuilder().setWalletId(wallet.getWalletId())
                .addAllDerivationPath(path).setFormat(AddressFormat.ADDRESS_FORMAT_ETHEREUM).build())
                .getAddress().getAddress();
    }

    private static SigningRequest awaitSigned(String requestId) throws Exception {
        long until = System.nanoTime() + SIGNED_WITHIN.toNanos();
        while (true) {
            try {
                SigningRequest request = api().getSigningRequest(GetSigningRequestRequest.newBuilder()
                        .setRequestId(requestId).build()).getSigningRequest();
                if (request.getState() == SigningRequestState.SIGNING_REQUEST_STATE_SIGNED) {
                    return request;
                }
                assertTrue(request.getState() != SigningRequestState.SIGNING_REQUEST_STATE_FAILED,
                        () -> requestId + " failed: " + request.getFailure());
            } catch (StatusRuntimeException unavailable) {
                // the control plane is restarting
            }
            assertTrue(System.nanoTime() < until, () -> requestId + " not signed within " + SIGNED_WITHIN);
            Thread.sleep(200);
        }
    }

    /** The sender web3j recovers from the signed raw transaction, EIP-55. */
    private static String senderOf(SigningRequest request) throws Exception {
        byte[] raw = request.getResult().getSignedTransaction().toByteArray();
        assertArrayEquals(org.web3j.crypto.Hash.sha3(raw), request.getResult().getTransactionHash().toByteArray());
        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(raw));
        return Keys.toChecksumAddress(decoded.getFrom());
    }

    /** The address web3j recovers from an EIP-191 signature over {@code text}, EIP-55. */
    private static String personalSigner(String text, SigningRequest request) throws Exception {
        var signature = request.getResult().getSignature();
        assertArrayEquals(SigningPayloads.digest(io.custody.proto.v1.PersonalMessage.newBuilder()
                .setMessage(ByteString.copyFrom(text, StandardCharsets.UTF_8)).build()), request.getDigest().toByteArray());
        BigInteger key = Sign.signedPrefixedMessageToKey(text.getBytes(StandardCharsets.UTF_8), new Sign.SignatureData(
                (byte) (27 + signature.getRecoveryId()), signature.getR().toByteArray(), signature.getS().toByteArray()));
        return Keys.toChecksumAddress(Keys.getAddress(key));
    }

    /**
     * The control plane's host is compromised: with its NATS identity it publishes a sign job whose
     * request says something else than what the client signed. Every member's enclave refuses.
     */
    private static void alteredOnTheWayIsRefusedByTheEnclaves(Wallet wallet) throws Exception {
        SignMessageRequest signed = client.sign(SIGN_MESSAGE,
                TestRequests.message(wallet.getWalletId(), "pay 1 wei", List.of()));
        SignMessageRequest altered = signed.toBuilder().setPersonalMessage(signed.getPersonalMessage().toBuilder()
                .setMessage(ByteString.copyFrom("pay 1000000 ether", StandardCharsets.UTF_8))).build();
        String jobId = "hostile-" + System.nanoTime();
        Job job = Job.newBuilder().setJobId(jobId).setCreatedUnixMillis(System.currentTimeMillis())
                .setSign(SignJob.newBuilder().setWalletId(wallet.getWalletId())
                        .setMessageHash(ByteString.copyFrom(SigningPayloads.digest(altered.getPersonalMessage())))
                        .setRequest(TestClient.wrap(SIGN_MESSAGE, altered)))
                .build();
        plane.controlPlane.jetStream().publish(SubjectPlan.poolJobSubject(JobKind.SIGN), job.toByteArray(),
                PublishOptions.builder().messageId(jobId).build());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JobResult> results = plane.peekResults(jobId);
        while (results.stream().filter(JobResult::hasFailure).count() < SignerPlane.T) {
            assertTrue(System.nanoTime() < until, "no refusal from the quorum: " + results);
            Thread.sleep(250);
            results = plane.peekResults(jobId);
        }
        for (JobResult result : results) {
            assertTrue(result.hasFailure(), () -> "signed an altered request: " + result);
            assertEquals(FailureCode.FAILURE_CODE_UNAUTHORIZED, result.getFailure().getCode(), result::toString);
        }
    }
}

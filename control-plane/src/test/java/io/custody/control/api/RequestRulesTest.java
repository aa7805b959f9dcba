package io.custody.control.api;

import static io.custody.control.api.CustodyApiTest.digestRequest;
import static io.custody.control.api.CustodyApiTest.randomDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import io.custody.control.testing.ControlPlaneFixture;
import io.custody.control.testing.TestKeys;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.RevokeApiClientRequest;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.RawDigest;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.LegacyTransaction;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency, authorisation, validation and internal errors: what a request may and may not change. */
class RequestRulesTest {
    private static ControlPlaneFixture fixture;
    private static TestKeys alice;
    private static Wallet wallet;
    private static Wallet noRawDigest;

    @BeforeAll
    static void start() throws Exception {
        fixture = ControlPlaneFixture.start(true);
        alice = TestKeys.ed25519();
        fixture.register("alice", alice);
        wallet = fixture.createWallet(alice, true).getWallet();
        noRawDigest = fixture.createWallet(alice, false).getWallet();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static long count(String table) {
        return fixture.database.superuserSql().fetchCount(fixture.database.superuserSql().selectFrom(table));
    }

    /** Row counts of every table a request could write. */
    private static List<Long> rows() {
        return List.of(count("signing_requests"), count("audit_events"), count("idempotency_records"),
                count("wallets"), count("operations"), count("api_clients"));
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void aHundredConcurrentDuplicatesMakeOneRequestAndOneJob() throws Exception {
        SignDigestRequest request = digestRequest(alice, wallet.getWalletId(), randomDigest());
        int n = 100;
        CountDownLatch go = new CountDownLatch(1);
        Set<String> ids = new HashSet<>();
        try (var pool = Executors.newFixedThreadPool(n)) {
            List<Future<SigningRequest>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit((Callable<SigningRequest>) () -> {
                    go.await();
                    return fixture.custody().signDigest(request).getSigningRequest();
                }));
            }
            go.countDown();
            for (Future<SigningRequest> answer : answers) {
                ids.add(answer.get().getRequestId());
            }
        }
        assertEquals(1, ids.size(), "every duplicate answers with the one request");
        String id = ids.iterator().next();
        awaitSigned(id);
        assertEquals(1, fixture.database.superuserSql().fetchCount(fixture.database.superuserSql()
                .selectFrom("signing_requests").where("idempotency_key = ?", request.getIdempotencyKey())));
        Thread.sleep(500);
        assertEquals(1, fixture.signers.signJobsReceived.get(id).get(), "one job published and delivered");
        // and a duplicate after the fact answers with the signed request, starting nothing
        SigningRequest again = fixture.custody().signDigest(request).getSigningRequest();
        assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED, again.getState());
        assertTrue(again.hasResult());
    }

    @Test
    void theSameKeyWithOtherBytesIsAlreadyExists() throws Exception {
        SignDigestRequest first = digestRequest(alice, wallet.getWalletId(), randomDigest());
        // signed before the snapshot: its own SIGNING/SIGNED audit events must not land in between
        awaitSigned(fixture.custody().signDigest(first).getSigningRequest().getRequestId());
        SignDigestRequest other = alice.sign(CustodyServiceGrpc.getSignDigestMethod(), first.toBuilder()
                .setRawDigest(RawDigest.newBuilder().setDigest(ByteString.copyFrom(randomDigest()))).build());
        List<Long> before = rows();
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> fixture.custody().signDigest(other)));
        assertEquals(before, rows());
    }

    @Test
    void unknownRevokedAndForeignKeysArePermissionDeniedAndBadSignaturesUnauthenticated() throws Exception {
        TestKeys stranger = TestKeys.ed25519();
        List<Long> before = rows();
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> fixture.custody()
                .signDigest(digestRequest(stranger, wallet.getWalletId(), randomDigest()))), "unregistered key");
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> fixture.custody()
                .createWallet(fixture.createWalletRequest(stranger, false, stranger))), "unregistered key, create");

        TestKeys bob = TestKeys.p256();
        String bobId = fixture.register("bob", bob).getClientId();
        before = rows();
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> fixture.custody()
                .signDigest(digestRequest(bob, wallet.getWalletId(), randomDigest()))), "not in the governance");

        SignDigestRequest signed = digestRequest(alice, wallet.getWalletId(), randomDigest());
        SignDigestRequest tampered = signed.toBuilder().setWalletId(noRawDigest.getWalletId()).build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> fixture.custody().signDigest(tampered)), "bad signature");
        SignDigestRequest wrongAlgorithm = signed.toBuilder().setSignature(signed.getSignature().toBuilder()
                .setAlgorithm(io.custody.proto.v1.SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256)).build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> fixture.custody().signDigest(wrongAlgorithm)));
        assertEquals(before, rows(), "refusals write nothing");

        // bob's own wallet works, until he is revoked
        Wallet bobs = fixture.createWallet(bob, true).getWallet();
        fixture.custody().signDigest(digestRequest(bob, bobs.getWalletId(), randomDigest()));
        fixture.admin().revokeApiClient(fixture.admin.sign(AdminServiceGrpc.getRevokeApiClientMethod(),
                RevokeApiClientRequest.newBuilder().setIdempotencyKey("revoke-bob").setClientId(bobId)
                        .setReason("left the company").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> fixture.custody()
                .signDigest(digestRequest(bob, bobs.getWalletId(), randomDigest()))), "revoked key");
        // and client keys are not operator keys
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> fixture.admin().revokeApiClient(alice.sign(
                AdminServiceGrpc.getRevokeApiClientMethod(), RevokeApiClientRequest.newBuilder()
                        .setIdempotencyKey("x").setClientId(bobId).build()))));
    }

    @Test
    void invalidRequestsNameEveryBadFieldAndChangeNothing() {
        List<Long> before = rows();
        SignDigestRequest bad = alice.sign(CustodyServiceGrpc.getSignDigestMethod(), SignDigestRequest.newBuilder()
                .setIdempotencyKey("").setWalletId(wallet.getWalletId()).addDerivationPath(0x80000001)
                .setRawDigest(RawDigest.newBuilder().setDigest(ByteString.copyFrom(new byte[31]))).build());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> fixture.custody().signDigest(bad));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(Set.of("idempotency_key", "derivation_path[0]", "raw_digest.digest"), fields(e));

        StatusRuntimeException unsigned = assertThrows(StatusRuntimeException.class, () -> fixture.custody()
                .signDigest(SignDigestRequest.newBuilder().setIdempotencyKey("k").setWalletId(wallet.getWalletId())
                        .setRawDigest(RawDigest.newBuilder().setDigest(ByteString.copyFrom(randomDigest()))).build()));
        assertEquals(Set.of("signature"), fields(unsigned));

        SignEthereumTransactionRequest tx = alice.sign(CustodyServiceGrpc.getSignEthereumTransactionMethod(),
                SignEthereumTransactionRequest.newBuilder().setIdempotencyKey("k2").setWalletId(wallet.getWalletId())
                        .setEthereumTransaction(EthereumTransaction.newBuilder().setChainId(1)
                                .setLegacy(LegacyTransaction.newBuilder().setGasPriceWei("01").setGasLimit(21000)
                                        .setTo("0x12").setValueWei("1"))).build());
        StatusRuntimeException txError = assertThrows(StatusRuntimeException.class,
                () -> fixture.custody().signEthereumTransaction(tx));
        assertEquals(Status.Code.INVALID_ARGUMENT, txError.getStatus().getCode());
        assertTrue(fields(txError).containsAll(Set.of("ethereum_transaction.legacy.gas_price_wei",
                "ethereum_transaction.legacy.to")), fields(txError).toString());
        assertEquals(before, rows(), "nothing written");
    }

    @Test
    void raw_digestForbiddenByGovernanceIsFailedPreconditionAndUnknownWalletNotFound() {
        List<Long> before = rows();
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> fixture.custody()
                .signDigest(digestRequest(alice, noRawDigest.getWalletId(), randomDigest()))));
        assertEquals(Status.Code.NOT_FOUND, code(() -> fixture.custody()
                .signDigest(digestRequest(alice, "w-nope", randomDigest()))));
        assertEquals(Status.Code.NOT_FOUND, code(() -> fixture.custody()
                .getSigningRequest(GetSigningRequestRequest.newBuilder().setRequestId("sr-nope").build())));
        assertEquals(before, rows());
    }

    @Test
    void aFailedAuditWriteFailsTheActionWithAnInternalErrorAndACorrelationId() {
        var su = fixture.database.superuserSql();
        su.execute("alter table audit_events add constraint test_no_more_events check (sequence < 0) not valid");
        try {
            List<Long> before = rows();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> fixture.custody()
                    .signDigest(digestRequest(alice, wallet.getWalletId(), randomDigest())));
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            String correlation = e.getTrailers().get(ApiErrors.CORRELATION_ID);
            assertNotNull(correlation);
            assertEquals("internal error; correlation id " + correlation, e.getStatus().getDescription());
            assertFalse(e.getStatus().getDescription().contains("audit"), "no internals");
            assertEquals(before, rows(), "the request was not stored: the audit write failed first");
        } finally {
            su.execute("alter table audit_events drop constraint test_no_more_events");
        }
    }

    private static Set<String> fields(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        Set<String> fields = new HashSet<>();
        for (var any : status.getDetailsList()) {
            try {
                any.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }
        return fields;
    }

    private static void awaitSigned(String id) throws InterruptedException {
        Supplier<SigningRequest> get = () -> fixture.custody().getSigningRequest(GetSigningRequestRequest.newBuilder()
                .setRequestId(id).build()).getSigningRequest();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get.get().getState() != SigningRequestState.SIGNING_REQUEST_STATE_SIGNED) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not signed: " + get.get());
            }
            Thread.sleep(50);
        }
    }
}

package io.custody.control.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.control.signing.SignatureCheck;
import io.custody.control.testing.ControlPlaneFixture;
import io.custody.control.testing.SignerStandIn;
import io.custody.control.testing.TestKeys;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.ethereum.Addresses;
import io.custody.proto.ethereum.Bip32;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.v1.AddressFormat;
import io.custody.proto.v1.BitcoinNetwork;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.PersonalMessage;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.GetWalletRequest;
import io.custody.proto.v1.ListWalletsRequest;
import io.custody.proto.v1.ListWalletsResponse;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.RawDigest;
import io.custody.proto.v1.RefreshWalletRequest;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SigningFailureReason;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletState;
import io.custody.proto.v1.WatchOperationRequest;
import io.custody.proto.v1.WatchSigningRequestRequest;
import io.custody.proto.v1.WatchSigningRequestResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CustodyService through the generated client: wallets, operations and signing, happy paths and failures. */
class CustodyApiTest {
    private static ControlPlaneFixture fixture;
    private static TestKeys alice;
    private static String aliceId;

    @BeforeAll
    static void start() throws Exception {
        fixture = ControlPlaneFixture.start(true);
        alice = TestKeys.ed25519();
        aliceId = fixture.register("alice", alice).getClientId();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static SignDigestRequest digestRequest(TestKeys key, String walletId, byte[] digest) {
        return key.sign(CustodyServiceGrpc.getSignDigestMethod(), SignDigestRequest.newBuilder()
                .setIdempotencyKey(UUID.randomUUID().toString()).setWalletId(walletId)
                .setRawDigest(RawDigest.newBuilder().setDigest(ByteString.copyFrom(digest))).build());
    }

    static byte[] randomDigest() {
        byte[] d = new byte[32];
        new SecureRandom().nextBytes(d);
        return d;
    }

    SigningRequest awaitTerminal(String requestId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            SigningRequest r = fixture.custody().getSigningRequest(GetSigningRequestRequest.newBuilder()
                    .setRequestId(requestId).build()).getSigningRequest();
            if (r.getState() == SigningRequestState.SIGNING_REQUEST_STATE_SIGNED
                    || r.getState() == SigningRequestState.SIGNING_REQUEST_STATE_FAILED) {
                return r;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("not terminal: " + r);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void createWalletRunsTheDkgAndActivatesTheAgreedKey() throws Exception {
        Operation started = fixture.custody().createWallet(fixture.createWalletRequest(alice, true, alice));
        assertFalse(started.getDone());
        assertEquals(WalletState.WALLET_STATE_CREATING, fixture.custody().getWallet(GetWalletRequest.newBuilder()
                .setWalletId(started.getWalletId()).build()).getWallet().getState(), "usable at once, CREATING");

        List<Operation> watched = new ArrayList<>();
        fixture.custody().watchOperation(WatchOperationRequest.newBuilder().setName(started.getName()).build())
                .forEachRemaining(watched::add);
        Operation done = watched.getLast();
        assertTrue(done.getDone() && done.hasWallet(), done.toString());
        Wallet wallet = done.getWallet();
        assertEquals(WalletState.WALLET_STATE_ACTIVE, wallet.getState());
        assertEquals(33, wallet.getPublicKey().size());
        assertEquals(32, wallet.getChainCode().size());
        assertEquals(1, wallet.getShareVersion());
        assertEquals(3, wallet.getThreshold());
        assertEquals(5, wallet.getShareCount());
        assertArrayEquals(SignerStandIn.publicKey(fixture.signers.key(wallet.getWalletId())),
                wallet.getPublicKey().toByteArray());
        assertEquals(alice.keyId(), wallet.getGovernance().getSigningKeys(0).getKeyId());
        long dkgJobs = fixture.signers.jobs.stream().filter(j -> j.hasDkg()
                && j.getDkg().getWalletId().equals(wallet.getWalletId())).count();
        assertEquals(5, dkgJobs, "one DKG job per node");
        assertTrue(fixture.signers.jobs.stream().filter(j -> j.hasDkg()
                && j.getDkg().getWalletId().equals(wallet.getWalletId()))
                .allMatch(j -> j.getDkg().getThreshold() == 3 && j.getDkg().getKmsKeyId().equals("kms-key-test")
                        && j.getDkg().getNodeIdsList().equals(ControlPlaneFixture.NODES)
                        && j.getDkg().getGovernance().getSigningKeys(0).getKeyId().equals(alice.keyId())));
    }

    @Test
    void signDigestGoesQueuedSigningSignedAndTheSignatureVerifies() throws Exception {
        Wallet wallet = fixture.createWallet(alice, true).getWallet();
        byte[] digest = randomDigest();
        SignDigestRequest request = digestRequest(alice, wallet.getWalletId(), digest);
        SigningRequest accepted = fixture.custody().signDigest(request).getSigningRequest();
        assertTrue(accepted.getState().getNumber() >= SigningRequestState.SIGNING_REQUEST_STATE_QUEUED_VALUE);
        assertEquals(request.getIdempotencyKey(), accepted.getIdempotencyKey());
        assertEquals(alice.keyId(), accepted.getClientKeyId());
        assertArrayEquals(digest, accepted.getDigest().toByteArray());

        List<SigningRequestState> states = new ArrayList<>();
        fixture.custody().watchSigningRequest(WatchSigningRequestRequest.newBuilder()
                .setRequestId(accepted.getRequestId()).build())
                .forEachRemaining((WatchSigningRequestResponse r) -> states.add(r.getSigningRequest().getState()));
        assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED, states.getLast(), states.toString());

        SigningRequest signed = awaitTerminal(accepted.getRequestId());
        var sig = signed.getResult().getSignature();
        assertTrue(SignatureCheck.recovers(wallet.getPublicKey().toByteArray(), digest, sig.getR().toByteArray(),
                sig.getS().toByteArray(), sig.getRecoveryId()));
        // the job carried the digest and the request exactly as sent
        var job = fixture.signers.jobs.stream().filter(j -> j.getJobId().equals(accepted.getRequestId()))
                .findFirst().orElseThrow();
        assertArrayEquals(digest, job.getSign().getMessageHash().toByteArray());
        assertEquals("custody.v1.CustodyService/SignDigest", job.getSign().getRequest().getMethod());
        assertEquals(request.toByteString(), job.getSign().getRequest().getRequest());
        // the audit log has every transition, and the chain verifies
        var events = fixture.admin().listAuditEvents(io.custody.proto.admin.v1.ListAuditEventsRequest.newBuilder()
                .setResource("signing_requests/" + accepted.getRequestId()).build()).getEventsList();
        assertEquals(List.of("signing_request.receive", "signing_request.state", "signing_request.state",
                "signing_request.state"), events.stream().map(e -> e.getAction()).toList());
        assertTrue(fixture.admin().verifyAuditChain(io.custody.proto.admin.v1.VerifyAuditChainRequest
                .getDefaultInstance()).getValid());
    }

    @Test
    void aNonRetryableFailureFailsTheRequestWithItsReason() throws Exception {
        Wallet wallet = fixture.createWallet(alice, true).getWallet();
        fixture.signers.signFailure = FailureCode.FAILURE_CODE_CHEATING_PARTY;
        try {
            SigningRequest accepted = fixture.custody().signDigest(digestRequest(alice, wallet.getWalletId(),
                    randomDigest())).getSigningRequest();
            SigningRequest failed = awaitTerminal(accepted.getRequestId());
            assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_FAILED, failed.getState());
            assertEquals(SigningFailureReason.SIGNING_FAILURE_REASON_CHEATING_PARTY, failed.getFailure().getReason());
            assertFalse(failed.hasResult());
        } finally {
            fixture.signers.signFailure = null;
        }
    }

    @Test
    void aDkgWhoseNodesDisagreeFailsTheWallet() throws Exception {
        fixture.signers.keygenMode = SignerStandIn.KeygenMode.DISAGREE;
        try {
            Operation started = fixture.custody().createWallet(fixture.createWalletRequest(alice, false, alice));
            Operation done = fixture.awaitDone(started.getName());
            assertTrue(done.hasError(), done.toString());
            assertTrue(done.getError().getMessage().contains("final broadcast digest"), done.toString());
            Wallet wallet = fixture.custody().getWallet(GetWalletRequest.newBuilder()
                    .setWalletId(started.getWalletId()).build()).getWallet();
            assertEquals(WalletState.WALLET_STATE_FAILED, wallet.getState());
            assertTrue(wallet.getPublicKey().isEmpty());
            assertEquals(0, fixture.signers.jobs.stream().filter(j -> j.hasActivate()
                    && j.getActivate().getWalletId().equals(started.getWalletId())).count(), "nothing activated");
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> fixture.custody()
                    .signDigest(digestRequest(alice, started.getWalletId(), randomDigest())));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        } finally {
            fixture.signers.keygenMode = SignerStandIn.KeygenMode.AGREE;
        }
    }

    @Test
    void refreshKeepsTheKeyAndBumpsTheShareVersion() throws Exception {
        Wallet wallet = fixture.createWallet(alice, false).getWallet();
        Operation started = fixture.custody().refreshWallet(alice.sign(CustodyServiceGrpc.getRefreshWalletMethod(),
                RefreshWalletRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                        .setWalletId(wallet.getWalletId()).build()));
        Operation done = fixture.awaitDone(started.getName());
        assertTrue(done.hasWallet(), done.toString());
        assertEquals(2, done.getWallet().getShareVersion());
        assertEquals(wallet.getPublicKey(), done.getWallet().getPublicKey());
        assertEquals(WalletState.WALLET_STATE_ACTIVE, done.getWallet().getState());
        assertTrue(done.getWallet().hasRefreshTime());
    }

    @Test
    void listWalletsPagesThroughTheCallersWalletsOnly() throws Exception {
        TestKeys bob = TestKeys.p256();
        String bobId = fixture.register("bob", bob).getClientId();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(fixture.custody().createWallet(fixture.createWalletRequest(bob, false, bob)).getWalletId());
        }
        Set<String> listed = new HashSet<>();
        String token = "";
        int pages = 0;
        do {
            ListWalletsResponse page = fixture.custodyAs(bobId).listWallets(ListWalletsRequest.newBuilder()
                    .setPageSize(2).setPageToken(token).build());
            page.getWalletsList().forEach(w -> listed.add(w.getWalletId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(created, listed);
        assertEquals(2, pages);
        assertFalse(fixture.custodyAs(aliceId).listWallets(ListWalletsRequest.getDefaultInstance()).getWalletsList()
                .stream().anyMatch(w -> created.contains(w.getWalletId())), "alice does not see bob's wallets");
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> fixture.custodyAs(bobId)
                .listWallets(ListWalletsRequest.newBuilder().setPageToken("bm9wZQ").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
                () -> fixture.custody().listWallets(ListWalletsRequest.getDefaultInstance())).getStatus().getCode());
    }

    @Test
    void signEthereumTransactionAtADerivedPathYieldsTheSignedRawTransaction() throws Exception {
        Wallet wallet = fixture.createWallet(alice, false).getWallet();
        EthereumTransaction tx = EthereumTransaction.newBuilder().setChainId(11155111)
                .setEip1559(Eip1559Transaction.newBuilder().setNonce(7).setMaxPriorityFeePerGasWei("1000000000")
                        .setMaxFeePerGasWei("30000000000").setGasLimit(21000)
                        .setTo("0x000000000000000000000000000000000000dEaD").setValueWei("1000000000000000"))
                .build();
        SignEthereumTransactionRequest request = alice.sign(CustodyServiceGrpc.getSignEthereumTransactionMethod(),
                SignEthereumTransactionRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                        .setWalletId(wallet.getWalletId()).addAllDerivationPath(List.of(0, 5))
                        .setEthereumTransaction(tx).build());
        SigningRequest accepted = fixture.custody().signEthereumTransaction(request).getSigningRequest();
        assertArrayEquals(SigningPayloads.digest(tx), accepted.getDigest().toByteArray());
        assertEquals(tx, accepted.getEthereumTransaction());
        SigningRequest signed = awaitTerminal(accepted.getRequestId());
        assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED, signed.getState(), signed.toString());
        var sig = signed.getResult().getSignature();
        byte[] raw = SigningPayloads.signedTransaction(tx, sig.getR().toByteArray(), sig.getS().toByteArray(),
                sig.getRecoveryId());
        assertArrayEquals(raw, signed.getResult().getSignedTransaction().toByteArray());
        assertArrayEquals(SigningPayloads.transactionHash(raw), signed.getResult().getTransactionHash().toByteArray());
        byte[] child = Bip32.derivePublic(wallet.getPublicKey().toByteArray(), wallet.getChainCode().toByteArray(),
                List.of(0, 5)).publicKey();
        assertTrue(SignatureCheck.recovers(child, accepted.getDigest().toByteArray(), sig.getR().toByteArray(),
                sig.getS().toByteArray(), sig.getRecoveryId()), "signed by the key at m/0/5");
        var job = fixture.signers.jobs.stream().filter(j -> j.getJobId().equals(accepted.getRequestId()))
                .findFirst().orElseThrow();
        assertFalse(job.getSign().getDerive(), "a two-level path is read from the request by the enclaves");
    }

    @Test
    void signMessageSignsTheEip191Digest() throws Exception {
        Wallet wallet = fixture.createWallet(alice, false).getWallet();
        PersonalMessage message = PersonalMessage.newBuilder().setMessage(ByteString.copyFromUtf8("hello custody")).build();
        SignMessageRequest request = alice.sign(CustodyServiceGrpc.getSignMessageMethod(), SignMessageRequest.newBuilder()
                .setIdempotencyKey(UUID.randomUUID().toString()).setWalletId(wallet.getWalletId())
                .addDerivationPath(3).setPersonalMessage(message).build());
        SigningRequest accepted = fixture.custody().signMessage(request).getSigningRequest();
        assertArrayEquals(SigningPayloads.digest(message), accepted.getDigest().toByteArray());
        SigningRequest signed = awaitTerminal(accepted.getRequestId());
        assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED, signed.getState(), signed.toString());
        assertTrue(signed.getResult().getSignedTransaction().isEmpty());
        var job = fixture.signers.jobs.stream().filter(j -> j.getJobId().equals(accepted.getRequestId()))
                .findFirst().orElseThrow();
        assertFalse(job.getSign().getDerive(), "one level too: the path is read from the request by the enclaves");
    }

    @Test
    void deriveAddressGivesEthereumAndBitcoinAddressesOfTheChildKey() throws Exception {
        Wallet wallet = fixture.createWallet(alice, false).getWallet();
        byte[] child = Bip32.derivePublic(wallet.getPublicKey().toByteArray(), wallet.getChainCode().toByteArray(),
                List.of(1, 2)).publicKey();
        var eth = fixture.custody().deriveAddress(DeriveAddressRequest.newBuilder().setWalletId(wallet.getWalletId())
                .addAllDerivationPath(List.of(1, 2)).setFormat(AddressFormat.ADDRESS_FORMAT_ETHEREUM).build()).getAddress();
        assertEquals(Addresses.ethereum(child), eth.getAddress());
        assertArrayEquals(child, eth.getPublicKey().toByteArray());
        var btc = fixture.custody().deriveAddress(DeriveAddressRequest.newBuilder().setWalletId(wallet.getWalletId())
                .setFormat(AddressFormat.ADDRESS_FORMAT_BITCOIN_P2WPKH)
                .setBitcoinNetwork(BitcoinNetwork.BITCOIN_NETWORK_MAINNET).build()).getAddress();
        assertTrue(btc.getAddress().startsWith("bc1q"), btc.getAddress());
        StatusRuntimeException hardened = assertThrows(StatusRuntimeException.class, () -> fixture.custody()
                .deriveAddress(DeriveAddressRequest.newBuilder().setWalletId(wallet.getWalletId())
                        .addDerivationPath(0x80000000).setFormat(AddressFormat.ADDRESS_FORMAT_ETHEREUM).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, hardened.getStatus().getCode());
    }
}

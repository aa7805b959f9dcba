package io.custody.enclave.process;

import static io.custody.enclave.authz.TestClient.SIGN_DIGEST;
import static io.custody.enclave.authz.TestClient.SIGN_ETHEREUM_TRANSACTION;
import static io.custody.enclave.authz.TestClient.SIGN_MESSAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.enclave.authz.TestClient;
import io.custody.enclave.authz.TestRequests;
import io.custody.enclave.mpc.Protocol;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.OpenShareRequest;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.enclave.v1.Signature;
import io.custody.proto.ethereum.Addresses;
import io.custody.proto.ethereum.Bip32;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.WalletGovernance;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;

/**
 * A governed 3-of-5 wallet on five enclave processes: its governance (one Ed25519 and one P-256
 * client key, raw digests refused) is bound at DKG; it signs exactly what a client-signed
 * request says, the digest recomputed inside every enclave and checked here with web3j; every
 * request a host forged or altered is refused UNAUTHORIZED at step 1 by every party, with no
 * signature, and every enclave stays READY.
 */
class GovernedSigningTest {
    private static final String WALLET = "wallet-governed";
    private static final int[] ALL = {1, 2, 3, 4, 5};
    private static final int[] QUORUM = {1, 3, 5};

    private static Cluster cluster;
    private static TestClient alice;
    private static TestClient bob;
    private static WalletGovernance governance;
    private static byte[] publicKey;
    private static byte[] chainCode;
    private static final Map<Integer, SealedShare> sealedShares = new TreeMap<>();

    @BeforeAll
    static void governedDkg() throws Exception {
        alice = TestClient.ed25519();
        bob = TestClient.p256();
        governance = WalletGovernance.newBuilder().addSigningKeys(alice.publicKey()).addSigningKeys(bob.publicKey()).build();
        cluster = new Cluster(5);
        String request = cluster.nextRequestId();
        Relay.Outcome dkg = cluster.relay.run(Cluster.sessionId(Protocol.DKG, WALLET, 3, 5, ALL, request),
                withEach(cluster.starts(Protocol.DKG, WALLET, 3, ALL, request, null, 0),
                        start -> start.toBuilder().setGovernance(governance).build()),
                Relay.HONEST);
        assertFalse(dkg.anyError(), () -> "DKG failed: " + dkg.responses());
        for (int party : ALL) {
            sealedShares.put(party, dkg.responses().get(party).getStep().getSealedShare());
        }
        publicKey = sealedShares.get(1).getPublicKey().toByteArray();
        chainCode = sealedShares.get(1).getChainCode().toByteArray();
    }

    @AfterAll
    static void stopEnclaves() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void everyEnclaveIsStillReady() throws Exception {
        for (int party : ALL) {
            assertTrue(cluster.enclaves.get(party).isAlive(), "enclave " + party + " died");
            assertEquals(EnclaveState.ENCLAVE_STATE_READY, cluster.status(party).getState());
        }
    }

    @Test
    void everyShareCarriesTheGovernanceAndOneChainCode() {
        assertEquals(32, chainCode.length);
        for (SealedShare sealed : sealedShares.values()) {
            assertEquals(governance, parse(sealed.getGovernance()));
            assertArrayEquals(chainCode, sealed.getChainCode().toByteArray());
            assertArrayEquals(publicKey, sealed.getPublicKey().toByteArray());
        }
    }

    @Test
    void signsAnEip1559TransactionAtADerivedPath() throws Exception {
        EthereumTransaction tx = TestRequests.eip1559();
        List<Integer> path = List.of(0, 7);
        Signature signature = signed(sign(alice.authorized(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, tx, path)), null));
        String expected = Addresses.ethereum(Bip32.derivePublic(publicKey, chainCode, path).publicKey());
        assertEquals(expected, recoveredAddress(SigningPayloads.digest(tx), signature));
        // The raw transaction is one a node accepts from that address.
        byte[] raw = SigningPayloads.signedTransaction(tx, signature.getR().toByteArray(),
                signature.getS().toByteArray(), signature.getRecoveryId());
        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(
                "0x" + java.util.HexFormat.of().formatHex(raw));
        assertEquals(expected.toLowerCase(Locale.ROOT), decoded.getFrom());
    }

    @Test
    void signsALegacyTransactionWithTheP256Key() throws Exception {
        EthereumTransaction tx = TestRequests.legacy();
        byte[] digest = SigningPayloads.digest(tx);
        // The host may send the digest too; it only has to agree.
        Signature signature = signed(sign(bob.authorized(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, tx, List.of())), digest));
        assertEquals(Addresses.ethereum(publicKey), recoveredAddress(digest, signature));
    }

    @Test
    void signsAPersonalMessage() throws Exception {
        SignMessageRequest request = TestRequests.message(WALLET, "Sign in to example.org, nonce 42", List.of(3));
        Signature signature = signed(sign(alice.authorized(SIGN_MESSAGE, request), null));
        assertEquals(Addresses.ethereum(Bip32.derivePublic(publicKey, chainCode, List.of(3)).publicKey()),
                recoveredAddress(SigningPayloads.digest(request.getPersonalMessage()), signature));
    }

    @Test
    void aPayloadAlteredAfterSigningIsRefused() throws Exception {
        SignEthereumTransactionRequest signed = alice.sign(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, TestRequests.eip1559(), List.of()));
        SignEthereumTransactionRequest altered = signed.toBuilder().setEthereumTransaction(signed
                .getEthereumTransaction().toBuilder().setEip1559(signed.getEthereumTransaction().getEip1559()
                        .toBuilder().setValueWei("99000000000000000000"))).build();
        assertRefused(sign(TestClient.wrap(SIGN_ETHEREUM_TRANSACTION, altered), null), "does not verify");
    }

    @Test
    void aKeyOutsideTheGovernanceIsRefused() throws Exception {
        TestClient stranger = TestClient.ed25519();
        assertRefused(sign(stranger.authorized(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of())), null),
                "is not one of the wallet's signing keys");
    }

    @Test
    void aSignatureClaimingAnotherAlgorithmIsRefused() throws Exception {
        SignMessageRequest signed = bob.sign(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of()));
        SignMessageRequest claimsEd25519 = signed.toBuilder().setSignature(signed.getSignature().toBuilder()
                .setAlgorithm(alice.algorithm())).build();
        assertRefused(sign(TestClient.wrap(SIGN_MESSAGE, claimsEd25519), null), "signs with ECDSA_P256_SHA256");
    }

    @Test
    void aRequestPresentedUnderAnotherMethodIsRefused() throws Exception {
        AuthorizedRequest request = alice.authorized(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of()));
        assertRefused(sign(request.toBuilder().setMethod("custody.v1.CustodyService/CreateWallet").build(), null),
                "is not a signing RPC");
        assertRefused(sign(request.toBuilder().setMethod(SIGN_ETHEREUM_TRANSACTION).build(), null), "");
    }

    @Test
    void anotherWalletsRequestIsRefused() throws Exception {
        assertRefused(sign(alice.authorized(SIGN_MESSAGE, TestRequests.message("wallet-elsewhere", "hi", List.of())),
                null), "is for wallet \"wallet-elsewhere\"");
    }

    @Test
    void aRawDigestIsRefusedWhenTheGovernanceDoesNotAllowIt() throws Exception {
        byte[] digest = new byte[32];
        Cluster.RANDOM.nextBytes(digest);
        assertRefused(sign(bob.authorized(SIGN_DIGEST, TestRequests.digest(WALLET, digest)), digest),
                "does not allow raw digest signing");
    }

    @Test
    void aHostDigestThatDiffersFromThePayloadIsRefused() throws Exception {
        byte[] other = SigningPayloads.digest(TestRequests.legacy());
        assertRefused(sign(alice.authorized(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, TestRequests.eip1559(), List.of())), other), "message_hash differs");
    }

    @Test
    void aBareHashIsNeverSignedForAGovernedWallet() throws Exception {
        byte[] hash = new byte[32];
        Cluster.RANDOM.nextBytes(hash);
        assertRefused(sign(null, hash), "never a bare message hash");
    }

    @Test
    void alteredGovernanceOrChainCodeBesideTheBlobDoesNotOpen() throws Exception {
        SealedShare sealed = sealedShares.get(4);
        byte[] dataKey = cluster.dataKeyFor(4, sealed.getWrappedDataKey());
        Response opened = openShare(4, sealed, dataKey);
        assertArrayEquals(chainCode, opened.getOpenShare().getChainCode().toByteArray());
        assertArrayEquals(publicKey, opened.getOpenShare().getPublicKey().toByteArray());

        WalletGovernance loosened = governance.toBuilder().setAllowRawDigestSigning(true).build();
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(4, sealed.toBuilder()
                .setGovernance(loosened.toByteString()).build(), dataKey).getError().getCode());
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(4, sealed.toBuilder()
                .clearGovernance().build(), dataKey).getError().getCode());
        byte[] otherChainCode = chainCode.clone();
        otherChainCode[0] ^= 1;
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(4, sealed.toBuilder()
                .setChainCode(ByteString.copyFrom(otherChainCode)).build(), dataKey).getError().getCode());
        // The share in the enclave still has its own governance: a bare hash is still refused.
        assertRefused(sign(null, new byte[32]), "never a bare message hash");
    }

    @Test
    void aDkgWithUncheckableGovernanceIsRefusedBeforeAnyWork() throws Exception {
        String request = cluster.nextRequestId();
        WalletGovernance noKeys = WalletGovernance.newBuilder().setAllowRawDigestSigning(true).build();
        Relay.Outcome dkg = cluster.relay.run(Cluster.sessionId(Protocol.DKG, "wallet-nobody", 3, 5, ALL, request),
                withEach(cluster.starts(Protocol.DKG, "wallet-nobody", 3, ALL, request, null, 0),
                        start -> start.toBuilder().setGovernance(noKeys).build()),
                Relay.HONEST);
        assertEquals(1, dkg.lastStep());
        dkg.responses().values().forEach(response ->
                assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, response.getError().getCode()));
    }

    @Test
    void aRefreshKeepsTheGovernanceAndChainCode() throws Exception {
        String request = cluster.nextRequestId();
        Relay.Outcome refresh = cluster.relay.run(Cluster.sessionId(Protocol.REFRESH, WALLET, 3, 5, ALL, request),
                cluster.starts(Protocol.REFRESH, WALLET, 3, ALL, request, null, 1), Relay.HONEST);
        assertFalse(refresh.anyError(), () -> "refresh failed: " + refresh.responses());
        for (int party : ALL) {
            SealedShare fresh = refresh.responses().get(party).getStep().getSealedShare();
            assertEquals(2, fresh.getShareVersion());
            assertEquals(sealedShares.get(party).getGovernance(), fresh.getGovernance());
            assertArrayEquals(chainCode, fresh.getChainCode().toByteArray());
        }
        // Version 2 is governed too.
        String signRequest = cluster.nextRequestId();
        Relay.Outcome bare = cluster.relay.run(Cluster.sessionId(Protocol.SIGN, WALLET, 3, 5, QUORUM, signRequest),
                cluster.starts(Protocol.SIGN, WALLET, 3, QUORUM, signRequest, new byte[32], 2), Relay.HONEST);
        assertRefused(bare, "never a bare message hash");
    }

    private static Relay.Outcome sign(AuthorizedRequest clientRequest, byte[] hostDigest) throws Exception {
        String request = cluster.nextRequestId();
        Map<Integer, SessionStart> starts = cluster.starts(Protocol.SIGN, WALLET, 3, QUORUM, request, hostDigest, 1);
        if (clientRequest != null) {
            starts = withEach(starts, start -> start.toBuilder().setRequest(clientRequest).build());
        }
        return cluster.relay.run(Cluster.sessionId(Protocol.SIGN, WALLET, 3, 5, QUORUM, request), starts, Relay.HONEST);
    }

    private static Signature signed(Relay.Outcome outcome) {
        assertFalse(outcome.anyError(), () -> "signing failed: " + outcome.responses());
        Signature first = outcome.responses().get(QUORUM[0]).getStep().getSignature();
        outcome.responses().values().forEach(r -> assertEquals(first, r.getStep().getSignature()));
        return first;
    }

    private static void assertRefused(Relay.Outcome outcome, String reason) {
        assertEquals(1, outcome.lastStep(), "refused at step 1, before any protocol message");
        for (int party : QUORUM) {
            Response response = outcome.responses().get(party);
            assertEquals(ErrorCode.ERROR_CODE_UNAUTHORIZED, response.getError().getCode(), () -> "party " + party
                    + ": " + response);
            assertTrue(response.getError().getMessage().contains(reason),
                    () -> "\"" + response.getError().getMessage() + "\" lacks \"" + reason + "\"");
        }
    }

    /** The Ethereum address web3j recovers from a signature over {@code digest}. */
    private static String recoveredAddress(byte[] digest, Signature signature) throws Exception {
        org.web3j.crypto.Sign.SignatureData data = new org.web3j.crypto.Sign.SignatureData(
                (byte) (27 + signature.getRecoveryId()), signature.getR().toByteArray(), signature.getS().toByteArray());
        BigInteger key = org.web3j.crypto.Sign.signedMessageHashToKey(digest, data);
        return Keys.toChecksumAddress(Keys.getAddress(key));
    }

    private static Response openShare(int party, SealedShare sealed, byte[] dataKey) throws Exception {
        return cluster.enclaves.get(party).call(Request.newBuilder().setOpenShare(OpenShareRequest.newBuilder()
                .setSealedShare(sealed).setDataKeyForRecipient(ByteString.copyFrom(dataKey))).build());
    }

    private static Map<Integer, SessionStart> withEach(Map<Integer, SessionStart> starts, UnaryOperator<SessionStart> edit) {
        Map<Integer, SessionStart> out = new TreeMap<>();
        starts.forEach((party, start) -> out.put(party, edit.apply(start)));
        return out;
    }

    private static WalletGovernance parse(ByteString bytes) {
        try {
            return WalletGovernance.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}

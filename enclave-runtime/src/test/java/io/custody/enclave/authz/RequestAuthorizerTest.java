package io.custody.enclave.authz;

import static io.custody.enclave.authz.TestClient.SIGN_DIGEST;
import static io.custody.enclave.authz.TestClient.SIGN_ETHEREUM_TRANSACTION;
import static io.custody.enclave.authz.TestClient.SIGN_MESSAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SignatureAlgorithm;
import io.custody.proto.v1.WalletGovernance;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RequestAuthorizerTest {
    private static final String WALLET = "wallet-governed";
    private static final byte[] NO_HOST_DIGEST = new byte[0];

    private static TestClient alice;
    private static TestClient bob;
    private static TestClient stranger;
    private static Governance governance;
    private static Governance rawAllowed;

    @BeforeAll
    static void keys() throws Exception {
        alice = TestClient.ed25519();
        bob = TestClient.p256();
        stranger = TestClient.ed25519();
        WalletGovernance wire = WalletGovernance.newBuilder()
                .addSigningKeys(alice.publicKey()).addSigningKeys(bob.publicKey()).build();
        governance = GovernanceSerialization.fromProto(wire);
        rawAllowed = GovernanceSerialization.fromProto(wire.toBuilder().setAllowRawDigestSigning(true).build());
    }

    private static SigningIntent authorize(AuthorizedRequest request) {
        return RequestAuthorizer.authorize(governance, WALLET, request, NO_HOST_DIGEST);
    }

    private static void assertRefused(String reason, Executable call) {
        UnauthorizedRequestException refused = assertThrows(UnauthorizedRequestException.class, call);
        assertTrue(refused.getMessage().contains(reason), () -> "\"" + refused.getMessage() + "\" lacks \"" + reason + "\"");
    }

    @Test
    void aTransactionSignedByEitherKeyIsSignedAsItsRecomputedDigest() {
        for (TestClient client : List.of(alice, bob)) {
            EthereumTransaction tx = TestRequests.eip1559();
            SigningIntent intent = authorize(client.authorized(SIGN_ETHEREUM_TRANSACTION,
                    TestRequests.transaction(WALLET, tx, List.of(0, 7))));
            assertArrayEquals(SigningPayloads.digest(tx), intent.digest());
            assertEquals(List.of(0, 7), intent.derivationPath());
            assertArrayEquals(new long[] {0, 7}, intent.nativePath());
        }
    }

    @Test
    void aMessageIsSignedAsItsEip191Digest() {
        SignMessageRequest request = TestRequests.message(WALLET, "I agree", List.of());
        SigningIntent intent = authorize(alice.authorized(SIGN_MESSAGE, request));
        assertArrayEquals(SigningPayloads.digest(request.getPersonalMessage()), intent.digest());
        assertEquals(List.of(), intent.derivationPath());
    }

    @Test
    void aHostDigestThatMatchesIsAcceptedOneThatDiffersIsNot() {
        AuthorizedRequest request = alice.authorized(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, TestRequests.legacy(), List.of()));
        byte[] digest = SigningPayloads.digest(TestRequests.legacy());
        assertArrayEquals(digest, RequestAuthorizer.authorize(governance, WALLET, request, digest).digest());
        byte[] other = digest.clone();
        other[0] ^= 1;
        assertRefused("message_hash differs", () -> RequestAuthorizer.authorize(governance, WALLET, request, other));
    }

    @Test
    void aPayloadChangedAfterSigningIsRefused() {
        SignEthereumTransactionRequest signed = alice.sign(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, TestRequests.eip1559(), List.of()));
        SignEthereumTransactionRequest altered = signed.toBuilder().setEthereumTransaction(signed.getEthereumTransaction()
                .toBuilder().setEip1559(signed.getEthereumTransaction().getEip1559().toBuilder()
                        .setTo("0x0000000000000000000000000000000000000bad"))).build();
        assertRefused("does not verify", () -> authorize(TestClient.wrap(SIGN_ETHEREUM_TRANSACTION, altered)));
        SignEthereumTransactionRequest otherPath = signed.toBuilder().addDerivationPath(1).build();
        assertRefused("does not verify", () -> authorize(TestClient.wrap(SIGN_ETHEREUM_TRANSACTION, otherPath)));
    }

    @Test
    void aKeyOutsideTheGovernanceIsRefused() {
        assertRefused("is not one of the wallet's signing keys", () -> authorize(stranger.authorized(SIGN_MESSAGE,
                TestRequests.message(WALLET, "hi", List.of()))));
    }

    @Test
    void anAlgorithmOtherThanTheRegisteredOneIsRefused() {
        SignMessageRequest signed = alice.sign(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of()));
        SignMessageRequest claimsEcdsa = signed.toBuilder().setSignature(signed.getSignature().toBuilder()
                .setAlgorithm(SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256)).build();
        assertRefused("signs with ED25519", () -> authorize(TestClient.wrap(SIGN_MESSAGE, claimsEcdsa)));
    }

    @Test
    void theSignatureBindsTheMethod() {
        assertRefused("is not a signing RPC", () -> authorize(alice.authorized(SIGN_MESSAGE,
                TestRequests.message(WALLET, "hi", List.of())).toBuilder()
                .setMethod("custody.v1.CustodyService/RefreshWallet").build()));
        // SignMessageRequest and SignDigestRequest have the same wire shape; the signature does not carry over.
        SignMessageRequest signed = alice.sign(SIGN_MESSAGE, TestRequests.message(WALLET, "x".repeat(32), List.of()));
        assertRefused("does not verify", () -> RequestAuthorizer.authorize(rawAllowed, WALLET,
                TestClient.wrap(SIGN_DIGEST, signed), NO_HOST_DIGEST));
    }

    @Test
    void anotherWalletsRequestIsRefused() {
        assertRefused("is for wallet \"wallet-other\"", () -> authorize(alice.authorized(SIGN_MESSAGE,
                TestRequests.message("wallet-other", "hi", List.of()))));
    }

    @Test
    void rawDigestsOnlyWhereTheGovernanceAllowsThem() {
        byte[] digest = new byte[32];
        digest[31] = 7;
        AuthorizedRequest request = bob.authorized(SIGN_DIGEST, TestRequests.digest(WALLET, digest));
        assertRefused("does not allow raw digest signing", () -> authorize(request));
        assertArrayEquals(digest, RequestAuthorizer.authorize(rawAllowed, WALLET, request, NO_HOST_DIGEST).digest());
        AuthorizedRequest shortDigest = bob.authorized(SIGN_DIGEST, TestRequests.digest(WALLET, new byte[31]));
        assertRefused("must be 32 bytes", () -> RequestAuthorizer.authorize(rawAllowed, WALLET, shortDigest, NO_HOST_DIGEST));
    }

    @Test
    void aSignedButInvalidPayloadIsRefusedWithItsViolations() {
        EthereumTransaction noChain = TestRequests.eip1559().toBuilder().setChainId(0).build();
        assertRefused("ethereum_transaction.chain_id", () -> authorize(alice.authorized(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(WALLET, noChain, List.of()))));
        assertRefused("ethereum_transaction: required", () -> authorize(alice.authorized(SIGN_ETHEREUM_TRANSACTION,
                SignEthereumTransactionRequest.newBuilder().setWalletId(WALLET).build())));
        assertRefused("derivation_path[0]", () -> authorize(alice.authorized(SIGN_MESSAGE,
                TestRequests.message(WALLET, "hi", List.of(Integer.MIN_VALUE)))));
    }

    @Test
    void malformedAndNonCanonicalRequestsAreRefused() {
        assertRefused("does not parse", () -> authorize(AuthorizedRequest.newBuilder().setMethod(SIGN_MESSAGE)
                .setRequest(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff})).build()));
        SignMessageRequest signed = alice.sign(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of()));
        SignMessageRequest withUnknown = signed.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
        assertRefused("no canonical form", () -> authorize(TestClient.wrap(SIGN_MESSAGE, withUnknown)));
        SignMessageRequest unsigned = signed.toBuilder().clearSignature().build();
        assertRefused("key \"\" is not one of", () -> authorize(TestClient.wrap(SIGN_MESSAGE, unsigned)));
    }

    @Test
    void ecdsaSignaturesMustBeStrictDer() {
        SignMessageRequest signed = bob.sign(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of()));
        byte[] der = signed.getSignature().getSignature().toByteArray();
        // BER-style padding of r with an extra zero byte: the same numbers, not strict DER.
        byte[] padded = new byte[der.length + 1];
        padded[0] = 0x30;
        padded[1] = (byte) (der[1] + 1);
        padded[2] = 0x02;
        padded[3] = (byte) (der[3] + 1);
        padded[4] = 0;
        System.arraycopy(der, 4, padded, 5, der.length - 4);
        SignMessageRequest bent = signed.toBuilder().setSignature(ClientSignature.newBuilder(signed.getSignature())
                .setSignature(ByteString.copyFrom(padded))).build();
        assertRefused("does not verify", () -> authorize(TestClient.wrap(SIGN_MESSAGE, bent)));
        authorize(TestClient.wrap(SIGN_MESSAGE, signed)); // the strict original passes
    }

    @Test
    void anUngovernedWalletHasNoKeyToCheckAgainst() {
        assertRefused("no governance", () -> RequestAuthorizer.authorize(Governance.UNGOVERNED, WALLET,
                alice.authorized(SIGN_MESSAGE, TestRequests.message(WALLET, "hi", List.of())), NO_HOST_DIGEST));
    }

    @Test
    void digestRequestsThatAreSignedAndAllowedCarryTheirPath() {
        SignDigestRequest request = TestRequests.digest(WALLET, new byte[32]).toBuilder().addDerivationPath(44).build();
        assertEquals(List.of(44), RequestAuthorizer.authorize(rawAllowed, WALLET,
                alice.authorized(SIGN_DIGEST, request), NO_HOST_DIGEST).derivationPath());
    }
}

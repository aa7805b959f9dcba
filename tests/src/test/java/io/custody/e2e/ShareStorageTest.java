package io.custody.e2e;

import static io.custody.e2e.TestKms.ADMIN;
import static io.custody.e2e.TestKms.REGION;
import static io.custody.e2e.TestKms.SIGNER;
import static io.custody.e2e.TestKms.createEnclaveKey;
import static io.custody.e2e.TestKms.credentials;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.RogueAttestors;
import io.custody.enclave.mpc.SessionParameters;
import io.custody.enclave.process.IndependentCheck;
import io.custody.enclave.process.Relay;
import io.custody.kmsemu.EmulatorConfig;
import io.custody.kmsemu.KmsEmulator;
import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.OpenShareRequest;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.signer.kms.DataKeyForEnclave;
import io.custody.signer.kms.EnclaveKeyClient;
import io.custody.signer.kms.KeyAccessDeniedException;
import io.custody.signer.kms.KeyServiceException;
import io.custody.signer.kms.KmsClients;
import io.custody.signer.store.KmsKeyRef;
import io.custody.signer.store.ShareStoreDatabase;
import io.custody.signer.store.StoredShare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Issue 4 end to end: a 3-of-5 DKG in five enclave processes whose new shares are sealed under
 * KMS data keys released only to the attested enclave image, stored per node in Postgres under
 * row-level security; then every enclave restarts, reopens its share through KMS and the store,
 * and a quorum signs. Then each way of getting at a share without the enclave is refused.
 */
class ShareStorageTest {
    private static final String WALLET = "wallet-e2e";
    private static final int[] ALL = {1, 2, 3, 4, 5};
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Path kmsState;
    private static KmsEmulator kms;
    private static ShareStoreDatabase db;
    private static NodeFleet fleet;
    private static KmsClient signerKms;
    private static EnclaveKeyClient keyClient;
    private static String keyId;
    private static byte[] publicKey;
    private static String ethereumAddress;
    private static int requests;

    @BeforeAll
    static void dkgStoreRestartReopen() throws Exception {
        kmsState = Files.createTempDirectory("kms").resolve("keys.json");
        kms = KmsEmulator.start(EmulatorConfig.inMemory(List.of(SIGNER, ADMIN)).withStateFile(kmsState)
                .withDevAttestation(true));
        db = ShareStoreDatabase.start(List.of(NodeFleet.nodeId(1), NodeFleet.nodeId(2), NodeFleet.nodeId(3),
                NodeFleet.nodeId(4), NodeFleet.nodeId(5)));
        fleet = new NodeFleet(5);
        keyId = createEnclaveKey(kms.endpoint(), fleet.status(1).getPcr0().toByteArray());
        signerKms = KmsClients.forEndpoint(kms.endpoint(), REGION, credentials(SIGNER));
        keyClient = new EnclaveKeyClient(signerKms);

        Map<Integer, SealedShare> sealed = runDkg();
        for (int party : ALL) {
            SealedShare share = sealed.get(party);
            var store = db.store(NodeFleet.nodeId(party));
            store.store(new StoredShare(WALLET, NodeFleet.nodeId(party), 1, share.getPublicKey().toByteArray(),
                    share.getCiphertext().toByteArray(), share.getWrappedDataKey().toByteArray(), new KmsKeyRef(keyId, 1),
                    share.getGovernance().toByteArray(), share.getChainCode().toByteArray()));
            store.activate(WALLET, 1);
        }

        fleet.restart();
        for (int party : ALL) {
            Response opened = openFromStore(party, WALLET);
            assertTrue(opened.hasOpenShare(), () -> "reopening failed: " + opened);
            assertArrayEquals(publicKey, opened.getOpenShare().getPublicKey().toByteArray());
            ethereumAddress = opened.getOpenShare().getEthereumAddress();
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {fleet, db, kms, signerKms}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    private static Map<String, String> context(String walletId, String nodeId) {
        return Map.of("custody:wallet", walletId, "custody:node", nodeId);
    }

    private static Map<Integer, SealedShare> runDkg() throws Exception {
        String request = "dkg-" + (++requests);
        Map<Integer, SessionStart> starts = new TreeMap<>();
        for (int party : ALL) {
            DataKeyForEnclave dataKey = keyClient.generateDataKey(keyId, fleet.documents.get(party),
                    context(WALLET, NodeFleet.nodeId(party)));
            starts.put(party, start(Protocol.PROTOCOL_DKG, party, ALL, request)
                    .setNodeId(NodeFleet.nodeId(party))
                    .setDataKeyForRecipient(ByteString.copyFrom(dataKey.ciphertextForRecipient()))
                    .setWrappedDataKey(ByteString.copyFrom(dataKey.ciphertextBlob()))
                    .build());
        }
        Relay.Outcome outcome = new Relay(fleet.enclaves).run(sessionId(io.custody.enclave.mpc.Protocol.DKG, ALL, request),
                starts, Relay.HONEST);
        assertFalse(outcome.anyError(), () -> "DKG failed: " + outcome.responses());
        Map<Integer, SealedShare> sealed = new TreeMap<>();
        outcome.responses().forEach((party, response) -> sealed.put(party, response.getStep().getSealedShare()));
        publicKey = sealed.get(1).getPublicKey().toByteArray();
        return sealed;
    }

    private static SessionStart.Builder start(Protocol protocol, int self, int[] parties, String request) {
        return SessionStart.newBuilder()
                .setProtocol(protocol)
                .setWalletId(WALLET)
                .setThreshold(3)
                .setShareCount(5)
                .setSelfIndex(self)
                .addAllParties(java.util.Arrays.stream(parties).boxed().toList())
                .setRequestId(request)
                .addAllRoster(fleet.roster(self, parties))
                .setShareVersion(1);
    }

    private static byte[] sessionId(io.custody.enclave.mpc.Protocol protocol, int[] parties, String request) {
        return new SessionParameters(protocol, WALLET, 3, 5, parties[0], parties, request).sessionId();
    }

    /** What a signer does after a restart: its active row, KMS Decrypt with Recipient, open_share. */
    private static Response openFromStore(int party, String walletId) throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(party)).activeShare(walletId).orElseThrow();
        byte[] dataKey = keyClient.decryptForEnclave(row.wrappedDataKey(), row.kmsKey().keyId(),
                fleet.documents.get(party), context(row.walletId(), row.nodeId()));
        return openShare(party, toSealed(row), dataKey);
    }

    private static SealedShare toSealed(StoredShare row) {
        return SealedShare.newBuilder()
                .setWalletId(row.walletId())
                .setNodeId(row.nodeId())
                .setShareVersion(row.version())
                .setPublicKey(ByteString.copyFrom(row.publicKey()))
                .setWrappedDataKey(ByteString.copyFrom(row.wrappedDataKey()))
                .setCiphertext(ByteString.copyFrom(row.sealedShare()))
                .setGovernance(ByteString.copyFrom(row.governance())) // in the blob's associated data
                .setChainCode(ByteString.copyFrom(row.chainCode()))
                .build();
    }

    private static Response openShare(int party, SealedShare sealed, byte[] dataKeyForRecipient) throws Exception {
        return fleet.call(party, Request.newBuilder().setOpenShare(OpenShareRequest.newBuilder()
                .setSealedShare(sealed)
                .setDataKeyForRecipient(ByteString.copyFrom(dataKeyForRecipient))).build());
    }

    @Test
    void afterTheRestartAQuorumSignsAndTheSignatureVerifiesIndependently() throws Exception {
        int[] quorum = {1, 3, 5};
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        String request = "sign-" + (++requests);
        Map<Integer, SessionStart> starts = new TreeMap<>();
        for (int party : quorum) {
            starts.put(party, start(Protocol.PROTOCOL_SIGN, party, quorum, request)
                    .setMessageHash(ByteString.copyFrom(hash)).build());
        }
        Relay.Outcome outcome = new Relay(fleet.enclaves).run(
                sessionId(io.custody.enclave.mpc.Protocol.SIGN, quorum, request), starts, Relay.HONEST);
        assertFalse(outcome.anyError(), () -> "signing failed: " + outcome.responses());
        var signature = outcome.responses().get(1).getStep().getSignature();
        assertTrue(bouncyCastleVerifies(hash, signature));
        Sign.SignatureData data = new Sign.SignatureData((byte) (27 + signature.getRecoveryId()),
                signature.getR().toByteArray(), signature.getS().toByteArray());
        assertEquals(ethereumAddress, Keys.toChecksumAddress(Keys.getAddress(Sign.signedMessageHashToKey(hash, data))));
    }

    @Test
    void theParentCannotGetADataKeyWithoutARecipient() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(1)).activeShare(WALLET).orElseThrow();
        KmsException decrypt = assertThrows(KmsException.class, () -> signerKms.decrypt(b -> b
                .ciphertextBlob(SdkBytes.fromByteArray(row.wrappedDataKey())).keyId(keyId)
                .encryptionContext(context(WALLET, NodeFleet.nodeId(1)))));
        assertEquals("AccessDeniedException", decrypt.awsErrorDetails().errorCode());
        KmsException generate = assertThrows(KmsException.class,
                () -> signerKms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32)));
        assertEquals("AccessDeniedException", generate.awsErrorDetails().errorCode());
        DenialLog.record("parent Decrypt without Recipient", decrypt.awsErrorDetails().errorCode() + ": "
                + decrypt.awsErrorDetails().errorMessage());
    }

    @Test
    void anEnclaveOfAnotherBuildGetsNoDataKey() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(2)).activeShare(WALLET).orElseThrow();
        byte[] rogue = RogueAttestors.otherBuild(Measurements.ofThisEnclave(), NodeFleet.nodeId(2))
                .attest(new byte[32], new byte[64], rsaPublicKey());
        KeyAccessDeniedException e = assertThrows(KeyAccessDeniedException.class, () -> keyClient.decryptForEnclave(
                row.wrappedDataKey(), keyId, rogue, context(WALLET, NodeFleet.nodeId(2))));
        DenialLog.record("Recipient attestation with another PCR0", e.getMessage());
    }

    @Test
    void aDevRootAttestationIsRefusedWhenDevModeIsOff() throws Exception {
        try (KmsEmulator strict = KmsEmulator.start(EmulatorConfig.inMemory(List.of(SIGNER, ADMIN)));
             KmsClient client = KmsClients.forEndpoint(strict.endpoint(), REGION, credentials(SIGNER))) {
            String strictKey = createEnclaveKey(strict.endpoint(), fleet.status(1).getPcr0().toByteArray());
            KeyServiceException e = assertThrows(KeyServiceException.class, () -> new EnclaveKeyClient(client)
                    .generateDataKey(strictKey, fleet.documents.get(1), context(WALLET, NodeFleet.nodeId(1))));
            DenialLog.record("dev-root attestation, emulator dev mode off", e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    @Test
    void nodeOneCannotReadNodeTwosRows() {
        var visible = db.nodeSql(NodeFleet.nodeId(1))
                .fetch("select wallet_id from key_shares where node_id = ?", NodeFleet.nodeId(2));
        assertEquals(0, visible.size());
        assertEquals(1, db.superuserSql()
                .fetch("select wallet_id from key_shares where node_id = ?", NodeFleet.nodeId(2)).size());
        DenialLog.record("node-1's role selecting node-2's rows", "0 rows (row-level security)");
    }

    @Test
    void aSealedBlobMovedToAnotherNodeOrWalletDoesNotOpen() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(2)).activeShare(WALLET).orElseThrow();
        // The signer asks KMS with the context of the row it believes it has: refused there.
        assertThrows(KeyServiceException.class, () -> keyClient.decryptForEnclave(row.wrappedDataKey(), keyId,
                fleet.documents.get(3), context(WALLET, NodeFleet.nodeId(3))));
        // Even with the right context, the enclave refuses the blob under another node or wallet.
        byte[] forThree = keyClient.decryptForEnclave(row.wrappedDataKey(), keyId, fleet.documents.get(3),
                context(WALLET, NodeFleet.nodeId(2)));
        Response asNodeThree = openShare(3, toSealed(row).toBuilder().setNodeId(NodeFleet.nodeId(3)).build(), forThree);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, asNodeThree.getError().getCode());
        byte[] forTwo = keyClient.decryptForEnclave(row.wrappedDataKey(), keyId, fleet.documents.get(2),
                context(WALLET, NodeFleet.nodeId(2)));
        Response asOtherWallet = openShare(2, toSealed(row).toBuilder().setWalletId("wallet-other").build(), forTwo);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, asOtherWallet.getError().getCode());
        DenialLog.record("sealed blob moved to another node", asNodeThree.getError().getMessage());
        DenialLog.record("sealed blob moved to another wallet", asOtherWallet.getError().getMessage());
        assertEquals(EnclaveState.ENCLAVE_STATE_READY, fleet.status(3).getState());
    }

    @Test
    void aBlobWithOneFlippedBitDoesNotOpen() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(4)).activeShare(WALLET).orElseThrow();
        byte[] dataKey = keyClient.decryptForEnclave(row.wrappedDataKey(), keyId, fleet.documents.get(4),
                context(WALLET, NodeFleet.nodeId(4)));
        byte[] flipped = row.sealedShare();
        flipped[flipped.length - 20] ^= 0x01;
        Response response = openShare(4, toSealed(row).toBuilder().setCiphertext(ByteString.copyFrom(flipped)).build(),
                dataKey);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, response.getError().getCode());
        DenialLog.record("sealed blob with one flipped bit", response.getError().getMessage());
    }

    private static byte[] rsaPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPublic().getEncoded();
    }

    private static boolean bouncyCastleVerifies(byte[] hash, io.custody.proto.enclave.v1.Signature signature) {
        return IndependentCheck.verifies(publicKey, hash, signature.getR().toByteArray(), signature.getS().toByteArray());
    }
}

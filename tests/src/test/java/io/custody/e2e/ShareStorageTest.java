package io.custody.e2e;

import static io.custody.e2e.TestKms.ADMIN;
import static io.custody.e2e.TestKms.REGION;
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
import io.custody.enclave.process.EnclaveProcess;
import io.custody.enclave.process.IndependentCheck;
import io.custody.enclave.process.Relay;
import io.custody.kmsemu.EmulatorConfig;
import io.custody.kmsemu.KmsEmulator;
import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.OpenShareRequest;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.signer.kms.BadCiphertextException;
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
import java.util.ArrayList;
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
 *
 * <p>Issue 12, item 2: each node's host has its own KMS role and each enclave attests its node
 * (PCR16, from --node-id); the key policy (KeyPolicyGenerator) binds role, encryption context and
 * PCR16 per node. Host 3 plays the attacker: root on its host, a DBA's dump of every node's rows.
 */
class ShareStorageTest {
    private static final String WALLET = "wallet-e2e";
    private static final int[] ALL = {1, 2, 3, 4, 5};
    private static final List<String> NODES = List.of(NodeFleet.nodeId(1), NodeFleet.nodeId(2),
            NodeFleet.nodeId(3), NodeFleet.nodeId(4), NodeFleet.nodeId(5));
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Path kmsState;
    private static KmsEmulator kms;
    private static ShareStoreDatabase db;
    private static NodeFleet fleet;
    /** Each node's host's KMS client, with that node's own role. */
    private static final Map<Integer, KmsClient> hostKms = new TreeMap<>();
    private static final Map<Integer, EnclaveKeyClient> hostKeys = new TreeMap<>();
    private static KmsClient admin;
    private static String keyId;
    private static byte[] publicKey;
    private static String ethereumAddress;
    private static int requests;

    @BeforeAll
    static void dkgStoreRestartReopen() throws Exception {
        kmsState = Files.createTempDirectory("kms").resolve("keys.json");
        kms = KmsEmulator.start(EmulatorConfig.inMemory(TestKms.callers(NODES)).withStateFile(kmsState)
                .withDevAttestation(true));
        db = ShareStoreDatabase.start(NODES);
        fleet = new NodeFleet(5);
        keyId = createEnclaveKey(kms.endpoint(), fleet.status(1).getPcr0().toByteArray(), NODES);
        for (int party : ALL) {
            KmsClient client = KmsClients.forEndpoint(kms.endpoint(), REGION,
                    credentials(TestKms.host(NodeFleet.nodeId(party))));
            hostKms.put(party, client);
            hostKeys.put(party, new EnclaveKeyClient(client));
        }
        admin = KmsClients.forEndpoint(kms.endpoint(), REGION, credentials(ADMIN));

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
        List<AutoCloseable> resources = new ArrayList<>(hostKms.values());
        resources.addAll(java.util.Arrays.asList(admin, fleet, db, kms));
        for (AutoCloseable resource : resources) {
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
        for (int party : ALL) { // each host asks for its own node's key, for its own enclave
            DataKeyForEnclave dataKey = hostKeys.get(party).generateDataKey(keyId, fleet.documents.get(party),
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

    /** What a signer does after a restart: its active row, KMS Decrypt with Recipient (its own role), open_share. */
    private static Response openFromStore(int party, String walletId) throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(party)).activeShare(walletId).orElseThrow();
        byte[] dataKey = hostKeys.get(party).decryptForEnclave(row.wrappedDataKey(), row.kmsKey().keyId(),
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
        KmsClient signerKms = hostKms.get(1);
        KmsException decrypt = assertThrows(KmsException.class, () -> signerKms.decrypt(b -> b
                .ciphertextBlob(SdkBytes.fromByteArray(row.wrappedDataKey())).keyId(keyId)
                .encryptionContext(context(WALLET, NodeFleet.nodeId(1)))));
        assertEquals("AccessDeniedException", decrypt.awsErrorDetails().errorCode());
        KmsException generate = assertThrows(KmsException.class, () -> signerKms.generateDataKey(b -> b.keyId(keyId)
                .numberOfBytes(32).encryptionContext(context(WALLET, NodeFleet.nodeId(1)))));
        assertEquals("AccessDeniedException", generate.awsErrorDetails().errorCode());
        DenialLog.record("parent Decrypt without Recipient", decrypt.awsErrorDetails().errorCode() + ": "
                + decrypt.awsErrorDetails().errorMessage());
    }

    @Test
    void anEnclaveOfAnotherBuildGetsNoDataKey() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(2)).activeShare(WALLET).orElseThrow();
        byte[] rogue = RogueAttestors.otherBuild(Measurements.ofThisEnclave(), NodeFleet.nodeId(2))
                .attest(new byte[32], new byte[64], rsaPublicKey());
        KeyAccessDeniedException e = assertThrows(KeyAccessDeniedException.class, () -> hostKeys.get(2).decryptForEnclave(
                row.wrappedDataKey(), keyId, rogue, context(WALLET, NodeFleet.nodeId(2))));
        DenialLog.record("Recipient attestation with another PCR0", e.getMessage());
    }

    @Test
    void aDevRootAttestationIsRefusedWhenDevModeIsOff() throws Exception {
        try (KmsEmulator strict = KmsEmulator.start(EmulatorConfig.inMemory(TestKms.callers(NODES)));
             KmsClient client = KmsClients.forEndpoint(strict.endpoint(), REGION,
                     credentials(TestKms.host(NodeFleet.nodeId(1))))) {
            String strictKey = createEnclaveKey(strict.endpoint(), fleet.status(1).getPcr0().toByteArray(), NODES);
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
    void aSealedBlobMovedToAnotherWalletDoesNotOpen() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(2)).activeShare(WALLET).orElseThrow();
        byte[] forTwo = hostKeys.get(2).decryptForEnclave(row.wrappedDataKey(), keyId, fleet.documents.get(2),
                context(WALLET, NodeFleet.nodeId(2)));
        Response asOtherWallet = openShare(2, toSealed(row).toBuilder().setWalletId("wallet-other").build(), forTwo);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, asOtherWallet.getError().getCode());
        DenialLog.record("sealed blob moved to another wallet", asOtherWallet.getError().getMessage());
        assertEquals(EnclaveState.ENCLAVE_STATE_READY, fleet.status(2).getState());
    }

    /**
     * The DBA's dump of every node's rows, loaded on host 3 whose root uses host 3's KMS role and
     * node 3's genuine enclave: of the five rows only node 3's own opens. For every other row KMS
     * refuses the data key (AccessDenied with the row's node context: not this host's role; with
     * host 3's own context the blob, made under the row's node context, does not decrypt).
     */
    @Test
    void aDatabaseDumpWithAllFiveNodesRowsOnHostThreeYieldsNoSecondShare() throws Exception {
        List<StoredShare> dump = dumpAsTheDba();
        assertEquals(NODES, dump.stream().map(StoredShare::nodeId).sorted().toList());
        EnclaveKeyClient hostThree = hostKeys.get(3);
        byte[] enclaveThree = fleet.attest(3);
        int opened = 0;
        for (StoredShare row : dump) {
            if (row.nodeId().equals(NodeFleet.nodeId(3))) {
                byte[] own = hostThree.decryptForEnclave(row.wrappedDataKey(), keyId, enclaveThree,
                        context(WALLET, row.nodeId()));
                Response ownShare = openShare(3, toSealed(row), own);
                assertTrue(ownShare.hasOpenShare(), () -> "host 3 cannot open its own share: " + ownShare);
                opened++;
                continue;
            }
            KeyAccessDeniedException asRowsNode = assertThrows(KeyAccessDeniedException.class,
                    () -> hostThree.decryptForEnclave(row.wrappedDataKey(), keyId, enclaveThree,
                            context(WALLET, row.nodeId())));
            BadCiphertextException asOwnNode = assertThrows(BadCiphertextException.class,
                    () -> hostThree.decryptForEnclave(row.wrappedDataKey(), keyId, enclaveThree,
                            context(WALLET, NodeFleet.nodeId(3))));
            if (row.nodeId().equals(NodeFleet.nodeId(2))) {
                DenialLog.record("host 3's role, node 3's enclave, node 2's row with node 2's context",
                        asRowsNode.getMessage());
                DenialLog.record("host 3's role, node 3's enclave, node 2's row with node 3's context",
                        asOwnNode.getMessage());
            }
        }
        assertEquals(1, opened, "a database dump on one host must yield that host's own share only");
        DenialLog.record("database dump of all five nodes' rows loaded on host 3",
                opened + " share opened (node 3's own); 4 rows refused by KMS");
    }

    /** Root on host 3 boots a genuine enclave as node 2: it attests node 2, but host 3's role is not node 2's. */
    @Test
    void anEnclaveBootedAsNodeTwoOnHostThreeGetsNoNodeTwoKey() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(2)).activeShare(WALLET).orElseThrow();
        java.nio.file.Path dir = Files.createTempDirectory("impostor");
        try (EnclaveProcess impostor = EnclaveProcess.start(dir, "node-2-on-host-3", NodeFleet.nodeId(2))) {
            assertEquals(NodeFleet.nodeId(2), impostor.call(Request.newBuilder().setStatus(
                    io.custody.proto.enclave.v1.StatusRequest.getDefaultInstance()).build()).getStatus().getNodeId());
            byte[] claimsTwo = impostor.call(Request.newBuilder().setAttest(AttestRequest.newBuilder()
                    .setNonce(ByteString.copyFrom(new byte[32]))).build()).getAttest().getDocument().toByteArray();
            EnclaveKeyClient hostThree = hostKeys.get(3);
            KeyAccessDeniedException decrypt = assertThrows(KeyAccessDeniedException.class,
                    () -> hostThree.decryptForEnclave(row.wrappedDataKey(), keyId, claimsTwo,
                            context(WALLET, NodeFleet.nodeId(2))));
            KeyAccessDeniedException ownContext = assertThrows(KeyAccessDeniedException.class,
                    () -> hostThree.decryptForEnclave(row.wrappedDataKey(), keyId, claimsTwo,
                            context(WALLET, NodeFleet.nodeId(3))));
            KeyAccessDeniedException fresh = assertThrows(KeyAccessDeniedException.class,
                    () -> hostThree.generateDataKey(keyId, claimsTwo, context("wallet-new", NodeFleet.nodeId(2))));
            DenialLog.record("enclave booted as node 2 on host 3 (host 3's role) asks for node 2's data key",
                    decrypt.getMessage());
            DenialLog.record("same enclave, host 3's own node context", ownContext.getMessage());
            DenialLog.record("same enclave asks for a new node-2 data key (GenerateDataKey)", fresh.getMessage());
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(file -> file.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Suppose node 2's data key reached node 3's enclave anyway — here an account administrator
     * adds a statement for host 3's role with PutKeyPolicy (the residual trust in the account,
     * deploy/kms/README.md), so KMS releases it to node 3's enclave. The enclave still refuses
     * node 2's row for its node, and the row relabelled as node 3's fails its associated data.
     */
    @Test
    void evenWithNodeTwosDataKeyNodeThreesEnclaveOpensNoNodeTwoShare() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(2)).activeShare(WALLET).orElseThrow();
        String original = admin.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy();
        String altered = original.replaceFirst("\"Statement\": \\[", "\"Statement\": [{\"Sid\": \"altered\","
                + " \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"" + TestKms.hostRole(NodeFleet.nodeId(3))
                + "\"}, \"Action\": \"kms:Decrypt\", \"Resource\": \"*\"},");
        assertFalse(altered.equals(original), "the statement was not added");
        admin.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(altered));
        byte[] leaked;
        try {
            leaked = hostKeys.get(3).decryptForEnclave(row.wrappedDataKey(), keyId, fleet.documents.get(3),
                    context(WALLET, NodeFleet.nodeId(2)));
        } finally {
            admin.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(original));
        }
        Response foreign = openShare(3, toSealed(row), leaked);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, foreign.getError().getCode());
        assertTrue(foreign.getError().getMessage().contains("belongs to node 'node-2'"),
                foreign.getError().getMessage());
        Response relabelled = openShare(3, toSealed(row).toBuilder().setNodeId(NodeFleet.nodeId(3)).build(), leaked);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, relabelled.getError().getCode());
        DenialLog.record("node 2's row in node 3's enclave, data key released by an altered key policy",
                foreign.getError().getMessage());
        DenialLog.record("same row relabelled as node 3's", relabelled.getError().getMessage());
        assertEquals(EnclaveState.ENCLAVE_STATE_READY, fleet.status(3).getState());
        // the restored policy refuses host 3 again
        assertThrows(KeyAccessDeniedException.class, () -> hostKeys.get(3).decryptForEnclave(row.wrappedDataKey(),
                keyId, fleet.documents.get(3), context(WALLET, NodeFleet.nodeId(2))));
    }

    /** Every node's active row as the database owner sees them (row-level security does not hold a DBA). */
    private static List<StoredShare> dumpAsTheDba() {
        return db.superuserSql().fetch("select wallet_id, node_id, share_version, public_key, sealed_share,"
                        + " wrapped_data_key, kms_key_id, kms_key_generation, governance, chain_code from key_shares"
                        + " where wallet_id = ? and state = 'active'", WALLET)
                .map(r -> new StoredShare(r.get("wallet_id", String.class), r.get("node_id", String.class),
                        r.get("share_version", Integer.class), r.get("public_key", byte[].class),
                        r.get("sealed_share", byte[].class), r.get("wrapped_data_key", byte[].class),
                        new KmsKeyRef(r.get("kms_key_id", String.class), r.get("kms_key_generation", Integer.class)),
                        r.get("governance", byte[].class), r.get("chain_code", byte[].class)));
    }

    @Test
    void aBlobWithOneFlippedBitDoesNotOpen() throws Exception {
        StoredShare row = db.store(NodeFleet.nodeId(4)).activeShare(WALLET).orElseThrow();
        byte[] dataKey = hostKeys.get(4).decryptForEnclave(row.wrappedDataKey(), keyId, fleet.documents.get(4),
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

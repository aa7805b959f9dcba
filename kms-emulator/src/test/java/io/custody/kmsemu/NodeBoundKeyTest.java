package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.enclave.attest.DevAttestor;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.UnboundAttestor;
import io.custody.enclave.seal.DataKey;
import io.custody.enclave.seal.DataKeyFingerprint;
import io.custody.enclave.seal.RecipientDataKeyOpener;
import io.custody.kmsemu.auth.Credential;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * A key whose policy gives each node's host role key use only for its own node: the shape
 * {@code signer}'s KeyPolicyGenerator writes (one Allow per node with the caller's principal,
 * {@code kms:EncryptionContext:custody:node} and {@code kms:RecipientAttestation:PCR16}, and a
 * Deny without a node context), evaluated here per access key over HTTP with the AWS SDK.
 */
class NodeBoundKeyTest {
    private static final Measurements MEASUREMENTS = Measurements.ofThisEnclave();
    private static final Credential HOST_S2 = role("s2");
    private static final Credential HOST_S3 = role("s3");

    private static KmsEmulator emulator;
    private static KmsClient admin;
    private static KmsClient hostTwo;
    private static KmsClient hostThree;
    private static KeyPair enclaveKey;
    private static String keyId;

    @BeforeAll
    static void start() throws Exception {
        emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT, HOST_S2, HOST_S3))
                .withDevAttestation(true));
        admin = KmsClients.client(emulator.endpoint(), KmsClients.ROOT);
        hostTwo = KmsClients.client(emulator.endpoint(), HOST_S2);
        hostThree = KmsClients.client(emulator.endpoint(), HOST_S3);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        enclaveKey = rsa.generateKeyPair();
        String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [" + """
                {"Sid": "admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                 "Action": ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy"], "Resource": "*"},""".formatted(
                KmsClients.ACCOUNT) + nodeStatement("s2") + "," + nodeStatement("s3") + "," + """
                {"Sid": "no node context", "Effect": "Deny", "Principal": "*",
                 "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
                 "Condition": {"Null": {"kms:EncryptionContext:custody:node": "true"}}}]}""";
        keyId = admin.createKey(r -> r.policy(policy)).keyMetadata().keyId();
    }

    @AfterAll
    static void stop() {
        for (KmsClient client : new KmsClient[] {admin, hostTwo, hostThree}) {
            client.close();
        }
        emulator.close();
    }

    @Test
    void aNodesHostGetsItsOwnDataKeyForItsOwnEnclaveAndOpensItAgain() throws Exception {
        GenerateDataKeyResponse made = hostTwo.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
                .encryptionContext(context("s2")).recipient(enclaveOf("s2")));
        byte[] first = open(made.ciphertextForRecipient());
        byte[] again = open(hostTwo.decrypt(r -> r.ciphertextBlob(made.ciphertextBlob())
                .encryptionContext(context("s2")).recipient(enclaveOf("s2"))).ciphertextForRecipient());
        assertArrayEquals(first, again);
    }

    @Test
    void anotherNodesHostGetsNothingOfIt() {
        SdkBytes blob = hostTwo.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
                .encryptionContext(context("s2")).recipient(enclaveOf("s2"))).ciphertextBlob();
        // host 3, its own genuine enclave, node 2's context: its role is not node 2's
        assertDenied(() -> hostThree.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context("s2"))
                .recipient(enclaveOf("s3"))));
        // host 3 with an enclave it booted as node 2: still not node 2's role
        assertDenied(() -> hostThree.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context("s2"))
                .recipient(enclaveOf("s2"))));
        // host 3 with an enclave booted as node 2 and its own context: PCR16 is not node 3's
        assertDenied(() -> hostThree.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context("s3"))
                .recipient(enclaveOf("s2"))));
        // host 3, its own enclave and context: allowed to ask, but the blob was made under node 2's context
        KmsException relabelled = assertThrows(KmsException.class, () -> hostThree.decrypt(r -> r
                .ciphertextBlob(blob).encryptionContext(context("s3")).recipient(enclaveOf("s3"))));
        assertEquals("InvalidCiphertextException", relabelled.awsErrorDetails().errorCode());
    }

    @Test
    void theNodeContextIsComparedCaseSensitivelyAndRequired() {
        assertDenied(() -> hostTwo.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
                .encryptionContext(Map.of("custody:node", "S2")).recipient(enclaveOf("s2"))));
        assertDenied(() -> hostTwo.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
                .encryptionContext(Map.of("custody:wallet", "w")).recipient(enclaveOf("s2"))));
        // Condition key names are case-insensitive (AWS): the context key's spelling does not matter.
        hostTwo.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
                .encryptionContext(Map.of("Custody:Node", "s2")).recipient(enclaveOf("s2")));
    }

    @Test
    void anEnclaveWithoutANodeIdentityGetsNothing() {
        byte[] document = UnboundAttestor.of(MEASUREMENTS).attest(new byte[] {1}, null,
                enclaveKey.getPublic().getEncoded());
        assertDenied(() -> hostTwo.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
                .encryptionContext(context("s2")).recipient(recipient(document))));
    }

    private static String nodeStatement(String node) {
        return """
                {"Sid": "Node %1$s host for its own enclave only", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::%2$s:role/custody-signer-%1$s"},
                 "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
                 "Condition": {"StringEquals": {"kms:EncryptionContext:custody:node": "%1$s"},
                               "StringEqualsIgnoreCase": {"kms:RecipientAttestation:ImageSha384": "%3$s",
                                                          "kms:RecipientAttestation:PCR16": "%4$s"}}}""".formatted(
                node, KmsClients.ACCOUNT, HexFormat.of().formatHex(MEASUREMENTS.pcr0()), NodeIdentityPcr.valueHex(node));
    }

    private static Credential role(String node) {
        return new Credential("AKIAEMULATORHOST" + node.toUpperCase() + "00", "host-secret-" + node,
                "arn:aws:iam::" + KmsClients.ACCOUNT + ":role/custody-signer-" + node);
    }

    private static Map<String, String> context(String node) {
        return Map.of("custody:wallet", "wallet-1", "custody:node", node);
    }

    private static RecipientInfo enclaveOf(String node) {
        return recipient(DevAttestor.start(MEASUREMENTS, node).attest(new byte[] {1}, null,
                enclaveKey.getPublic().getEncoded()));
    }

    private static RecipientInfo recipient(byte[] document) {
        return RecipientInfo.builder().attestationDocument(SdkBytes.fromByteArray(document))
                .keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256).build();
    }

    private static void assertDenied(org.junit.jupiter.api.function.Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        assertTrue(e.awsErrorDetails().errorMessage().contains("is not authorized"), e.awsErrorDetails().errorMessage());
    }

    private static byte[] open(SdkBytes ciphertextForRecipient) throws Exception {
        try (DataKey key = new RecipientDataKeyOpener(enclaveKey.getPrivate()).open(ciphertextForRecipient.asByteArray())) {
            return DataKeyFingerprint.sha256(key);
        }
    }

}

package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.enclave.attest.DevAttestor;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.seal.DataKey;
import io.custody.enclave.seal.DataKeyFingerprint;
import io.custody.enclave.seal.RecipientDataKeyOpener;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * {@code Recipient} with dev attestation documents: the enclave's flow (GenerateDataKey, later
 * Decrypt, both to the attested key) and the key policy's {@code kms:RecipientAttestation}
 * conditions.
 */
class RecipientAttestationTest {
    private static final Measurements MEASUREMENTS = Measurements.ofThisEnclave();

    private static KmsEmulator emulator;
    private static KmsClient kms;
    private static KeyPair enclaveKey;
    private static DevAttestor attestor;

    @BeforeAll
    static void start() throws Exception {
        emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)).withDevAttestation(true));
        kms = KmsClients.client(emulator.endpoint(), KmsClients.ROOT);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        enclaveKey = rsa.generateKeyPair();
        attestor = DevAttestor.start(MEASUREMENTS, "s1");
    }

    @AfterAll
    static void stop() {
        kms.close();
        emulator.close();
    }

    @Test
    void dataKeyForRecipientOpensToWhatALaterDecryptGives() throws Exception {
        String keyId = keyWithImagePolicy(MEASUREMENTS.pcr0());
        GenerateDataKeyResponse generated = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .recipient(recipient()));
        assertNull(generated.plaintext(), "with a Recipient, KMS omits Plaintext");
        assertNotNull(generated.ciphertextBlob());
        byte[] first = open(generated.ciphertextForRecipient());

        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(generated.ciphertextBlob()).recipient(recipient()));
        assertNull(decrypted.plaintext());
        byte[] second = open(decrypted.ciphertextForRecipient());
        assertArrayEquals(first, second);
    }

    @Test
    void anotherImageIsDenied() {
        byte[] otherImage = MEASUREMENTS.pcr0();
        otherImage[0] ^= 1;
        String keyId = keyWithImagePolicy(otherImage);
        KmsException e = assertThrows(KmsException.class,
                () -> kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32).recipient(recipient())));
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
    }

    @Test
    void pcrConditionsAreCheckedToo() {
        String pcr1 = HexFormat.of().formatHex(MEASUREMENTS.pcr1()).toUpperCase(java.util.Locale.ROOT);
        String keyId = keyWithPolicy(adminStatement() + ", " + """
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                 "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
                 "Condition": {"StringEqualsIgnoreCase": {"kms:RecipientAttestation:PCR1": "%s"}}}"""
                .formatted(KmsClients.ACCOUNT, pcr1));
        assertNotNull(kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32).recipient(recipient()))
                .ciphertextForRecipient());
    }

    @Test
    void decryptWithoutRecipientUnderAttestationPolicyIsDenied() {
        String keyId = keyWithImagePolicy(MEASUREMENTS.pcr0());
        SdkBytes blob = kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32).recipient(recipient()))
                .ciphertextBlob();
        KmsException e = assertThrows(KmsException.class, () -> kms.decrypt(r -> r.ciphertextBlob(blob)));
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        KmsException plain = assertThrows(KmsException.class,
                () -> kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)));
        assertEquals("AccessDeniedException", plain.awsErrorDetails().errorCode());
    }

    @Test
    void devDocumentIsDeniedWhenDevAttestationIsOff() {
        try (KmsEmulator strict = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)));
                KmsClient strictKms = KmsClients.client(strict.endpoint(), KmsClients.ROOT)) {
            String keyId = strictKms.createKey(r -> r.description("strict")).keyMetadata().keyId();
            KmsException e = assertThrows(KmsException.class,
                    () -> strictKms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32).recipient(recipient())));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("--dev-attestation"),
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void garbageDocumentIsAValidationError() {
        String keyId = keyWithImagePolicy(MEASUREMENTS.pcr0());
        KmsException e = assertThrows(KmsException.class, () -> kms.generateDataKey(r -> r.keyId(keyId)
                .numberOfBytes(32).recipient(RecipientInfo.builder()
                        .attestationDocument(SdkBytes.fromUtf8String("not cbor"))
                        .keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256).build())));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    private static RecipientInfo recipient() {
        byte[] document = attestor.attest(new byte[] {1, 2, 3}, null, enclaveKey.getPublic().getEncoded());
        return RecipientInfo.builder()
                .attestationDocument(SdkBytes.fromByteArray(document))
                .keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
                .build();
    }

    private static byte[] open(SdkBytes ciphertextForRecipient) throws Exception {
        try (DataKey key = new RecipientDataKeyOpener(enclaveKey.getPrivate()).open(ciphertextForRecipient.asByteArray())) {
            return DataKeyFingerprint.sha256(key);
        }
    }

    private static String keyWithImagePolicy(byte[] pcr0) {
        return keyWithPolicy(adminStatement() + ", " + """
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                 "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
                 "Condition": {"StringEqualsIgnoreCase": {"kms:RecipientAttestation:ImageSha384": "%s"}}}"""
                .formatted(KmsClients.ACCOUNT, HexFormat.of().formatHex(pcr0)));
    }

    private static String adminStatement() {
        return """
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                 "Action": ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:Encrypt"], "Resource": "*"}"""
                .formatted(KmsClients.ACCOUNT);
    }

    private static String keyWithPolicy(String statements) {
        String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}";
        return kms.createKey(r -> r.policy(policy)).keyMetadata().keyId();
    }
}

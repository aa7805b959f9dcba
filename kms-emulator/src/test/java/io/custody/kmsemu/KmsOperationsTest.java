package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The plain operations through the real SDK client. */
class KmsOperationsTest {
    private static KmsEmulator emulator;
    private static KmsClient kms;

    @BeforeAll
    static void start() {
        emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)));
        kms = KmsClients.client(emulator.endpoint(), KmsClients.ROOT);
    }

    @AfterAll
    static void stop() {
        kms.close();
        emulator.close();
    }

    @Test
    void createAndDescribeKey() {
        KeyMetadata created = kms.createKey(r -> r.description("d1")).keyMetadata();
        KeyMetadata described = kms.describeKey(r -> r.keyId(created.arn())).keyMetadata();
        assertEquals(created.keyId(), described.keyId());
        assertEquals("arn:aws:kms:us-east-1:" + KmsClients.ACCOUNT + ":key/" + created.keyId(), described.arn());
        assertEquals(KeyState.ENABLED, described.keyState());
        assertEquals("d1", described.description());
        assertTrue(described.enabled());
        assertTrue(described.creationDate().isAfter(java.time.Instant.now().minusSeconds(60)));
    }

    @Test
    void encryptDecryptAndDataKeysRoundTrip() {
        String keyId = PlainKmsUsage.createKey(kms);
        PlainKmsUsage.encryptDecryptRoundTrip(kms, keyId);
        PlainKmsUsage.generateDataKeyRoundTrip(kms, keyId);
        PlainKmsUsage.contextMismatchIsInvalidCiphertext(kms, keyId);
    }

    @Test
    void generateDataKeyByNumberOfBytes() {
        String keyId = PlainKmsUsage.createKey(kms);
        assertEquals(17, kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(17)).plaintext().asByteArray().length);
        KmsException neither = assertThrows(KmsException.class, () -> kms.generateDataKey(r -> r.keyId(keyId)));
        assertEquals("ValidationException", neither.awsErrorDetails().errorCode());
    }

    @Test
    void unknownKeyIsNotFound() {
        assertThrows(NotFoundException.class,
                () -> kms.describeKey(r -> r.keyId("00000000-0000-4000-8000-000000000000")));
        assertThrows(NotFoundException.class, () -> kms.encrypt(r -> r.keyId("alias/nope")
                .plaintext(SdkBytes.fromUtf8String("x"))));
    }

    @Test
    void decryptNamingAnotherKeyIsIncorrectKey() {
        String first = PlainKmsUsage.createKey(kms);
        String second = PlainKmsUsage.createKey(kms);
        SdkBytes blob = kms.encrypt(r -> r.keyId(first).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
        assertThrows(IncorrectKeyException.class, () -> kms.decrypt(r -> r.keyId(second).ciphertextBlob(blob)));
    }

    @Test
    void tamperedBlobIsInvalidCiphertext() {
        String keyId = PlainKmsUsage.createKey(kms);
        byte[] blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                .ciphertextBlob().asByteArray();
        blob[blob.length - 1] ^= 1;
        assertThrows(software.amazon.awssdk.services.kms.model.InvalidCiphertextException.class,
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))));
        assertThrows(software.amazon.awssdk.services.kms.model.InvalidCiphertextException.class,
                () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromUtf8String("not ours"))));
    }

    @Test
    void keyPolicyGetAndPut() {
        String keyId = PlainKmsUsage.createKey(kms);
        String original = kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy();
        assertTrue(original.contains("arn:aws:iam::" + KmsClients.ACCOUNT + ":root"), original);
        String denyEncrypt = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%1$s:root"}, "Action": "kms:*", "Resource": "*"},
                  {"Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"}
                ]}""".formatted(KmsClients.ACCOUNT);
        kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(denyEncrypt));
        assertEquals(denyEncrypt, kms.getKeyPolicy(r -> r.keyId(keyId)).policy());
        KmsException denied = assertThrows(KmsException.class,
                () -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))));
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("kms:Encrypt"));
    }

    @Test
    void putKeyPolicyRefusesLockoutAndUnsupportedLanguage() {
        String keyId = PlainKmsUsage.createKey(kms);
        String lockout = """
                {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                  "Action": "kms:Decrypt", "Resource": "*"}]}""".formatted(KmsClients.ACCOUNT);
        assertThrows(MalformedPolicyDocumentException.class,
                () -> kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(lockout)));
        String notAction = """
                {"Statement": [{"Effect": "Allow", "Principal": "*", "NotAction": "kms:Decrypt", "Resource": "*"}]}""";
        assertThrows(MalformedPolicyDocumentException.class,
                () -> kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(notAction)));
    }
}

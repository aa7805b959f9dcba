package io.custody.kmsemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Plain KMS client code, the way the platform's own code calls KMS, run unchanged against the
 * emulator and against moto so it is not tuned to either.
 */
final class PlainKmsUsage {
    private PlainKmsUsage() {}

    static String createKey(KmsClient kms) {
        return kms.createKey(r -> r.description("custody test key")).keyMetadata().keyId();
    }

    static void encryptDecryptRoundTrip(KmsClient kms, String keyId) {
        byte[] secret = "share bytes".getBytes(StandardCharsets.UTF_8);
        Map<String, String> context = Map.of("wallet", "w-1", "node", "2");
        EncryptResponse encrypted = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(secret))
                .encryptionContext(context));
        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionContext(context));
        assertArrayEquals(secret, decrypted.plaintext().asByteArray());
        assertEquals(encrypted.keyId(), decrypted.keyId());
    }

    static void generateDataKeyRoundTrip(KmsClient kms, String keyId) {
        Map<String, String> context = Map.of("purpose", "share-sealing");
        GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context));
        assertEquals(32, dataKey.plaintext().asByteArray().length);
        assertNotNull(dataKey.ciphertextBlob());
        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())
                .encryptionContext(context));
        assertArrayEquals(dataKey.plaintext().asByteArray(), decrypted.plaintext().asByteArray());
    }

    static void contextMismatchIsInvalidCiphertext(KmsClient kms, String keyId) {
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                .encryptionContext(Map.of("wallet", "w-1"))).ciphertextBlob();
        assertThrows(InvalidCiphertextException.class,
                () -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("wallet", "w-2"))));
    }
}

package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link EnclaveKeyClient} against a real KMS-speaking endpoint, moto. Moto ignores {@code
 * Recipient} and answers with {@code Plaintext}: exactly the response the client must refuse.
 * Skipped only when {@code moto_server} is not on the PATH.
 */
class EnclaveKeyClientMotoTest {

    private static final byte[] ATTESTATION = "not-a-real-attestation".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CONTEXT = Map.of("wallet", "w-1");

    private static MotoServer moto;
    private static KmsClient kms;
    private static String keyId;

    @BeforeAll
    static void startMoto() throws Exception {
        assumeTrue(MotoServer.available(), "moto_server is not on the PATH");
        moto = MotoServer.start();
        kms =
                KmsClients.forEndpoint(
                        moto.endpoint(),
                        "eu-west-1",
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        keyId = kms.createKey(b -> b.description("custody test key")).keyMetadata().keyId();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (kms != null) {
            kms.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void generateDataKeyRefusesMotosPlaintext() {
        RecipientIgnoredException e =
                assertThrows(
                        RecipientIgnoredException.class,
                        () -> new EnclaveKeyClient(kms).generateDataKey(keyId, ATTESTATION, CONTEXT));
        assertTrue(e.getMessage().contains("ignored the enclave's attestation"), e.getMessage());
    }

    @Test
    void decryptRefusesMotosPlaintext() {
        byte[] blob =
                kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("share key")).encryptionContext(CONTEXT))
                        .ciphertextBlob()
                        .asByteArray();
        assertThrows(
                RecipientIgnoredException.class,
                () -> new EnclaveKeyClient(kms).decryptForEnclave(blob, keyId, ATTESTATION, CONTEXT));
    }

    @Test
    void unknownKeyIsNotFound() {
        KeyNotFoundException e =
                assertThrows(
                        KeyNotFoundException.class,
                        () ->
                                new EnclaveKeyClient(kms)
                                        .generateDataKey(
                                                "00000000-0000-0000-0000-000000000000", ATTESTATION, CONTEXT));
        assertTrue(e.getMessage().contains("00000000-0000-0000-0000-000000000000"), e.getMessage());
    }

    @Test
    void garbageCiphertextIsBadCiphertext() {
        assertThrows(
                BadCiphertextException.class,
                () -> new EnclaveKeyClient(kms).decryptForEnclave(new byte[] {1, 2, 3, 4}, keyId, ATTESTATION, CONTEXT));
    }
}

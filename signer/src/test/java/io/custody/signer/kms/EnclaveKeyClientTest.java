package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link EnclaveKeyClient} over a real SDK client whose HTTP layer returns canned KMS answers. */
class EnclaveKeyClientTest {

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final byte[] ATTESTATION = "cose-sign1-attestation".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FOR_RECIPIENT = {0x30, (byte) 0x82, 1, 2, 3};
    private static final byte[] BLOB = {1, 2, 3, 4, 5, 6};
    private static final byte[] PLAINTEXT = new byte[32];
    private static final Map<String, String> CONTEXT = Map.of("wallet", "w-1", "party", "3");

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void generateDataKeySendsRecipientAndReturnsOnlyCiphertexts() throws Exception {
        CannedKmsHttp http =
                CannedKmsHttp.ok(
                        "{\"KeyId\":\"" + KEY_ARN + "\",\"CiphertextBlob\":\"" + b64(BLOB)
                                + "\",\"CiphertextForRecipient\":\"" + b64(FOR_RECIPIENT) + "\"}");
        DataKeyForEnclave key = new EnclaveKeyClient(http.client()).generateDataKey("alias/custody", ATTESTATION, CONTEXT);

        assertEquals(KEY_ARN, key.keyArn());
        assertArrayEquals(FOR_RECIPIENT, key.ciphertextForRecipient());
        assertArrayEquals(BLOB, key.ciphertextBlob());

        JsonNode sent = new ObjectMapper().readTree(http.requests().getFirst());
        assertEquals("alias/custody", sent.get("KeyId").asText());
        assertEquals("AES_256", sent.get("KeySpec").asText());
        assertEquals("w-1", sent.get("EncryptionContext").get("wallet").asText());
        assertEquals(b64(ATTESTATION), sent.get("Recipient").get("AttestationDocument").asText());
        assertEquals("RSAES_OAEP_SHA_256", sent.get("Recipient").get("KeyEncryptionAlgorithm").asText());
    }

    @Test
    void generateDataKeyRefusesPlaintext() {
        CannedKmsHttp http =
                CannedKmsHttp.ok(
                        "{\"KeyId\":\"" + KEY_ARN + "\",\"CiphertextBlob\":\"" + b64(BLOB) + "\",\"Plaintext\":\""
                                + b64(PLAINTEXT) + "\",\"CiphertextForRecipient\":\"" + b64(FOR_RECIPIENT) + "\"}");
        RecipientIgnoredException e =
                assertThrows(
                        RecipientIgnoredException.class,
                        () -> new EnclaveKeyClient(http.client()).generateDataKey(KEY_ARN, ATTESTATION, CONTEXT));
        assertTrue(e.getMessage().contains("Plaintext"), e.getMessage());
        assertTrue(e.getMessage().contains("Refusing"), e.getMessage());
        assertFalse(e.getMessage().contains(b64(PLAINTEXT)));
    }

    @Test
    void generateDataKeyWithoutRecipientCiphertextIsMalformed() {
        CannedKmsHttp http =
                CannedKmsHttp.ok("{\"KeyId\":\"" + KEY_ARN + "\",\"CiphertextBlob\":\"" + b64(BLOB) + "\"}");
        assertThrows(
                MalformedKeyResponseException.class,
                () -> new EnclaveKeyClient(http.client()).generateDataKey(KEY_ARN, ATTESTATION, CONTEXT));
    }

    @Test
    void decryptSendsRecipientAndReturnsCiphertextForRecipient() throws Exception {
        CannedKmsHttp http =
                CannedKmsHttp.ok(
                        "{\"KeyId\":\"" + KEY_ARN + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\","
                                + "\"CiphertextForRecipient\":\"" + b64(FOR_RECIPIENT) + "\"}");
        byte[] out = new EnclaveKeyClient(http.client()).decryptForEnclave(BLOB, KEY_ARN, ATTESTATION, CONTEXT);

        assertArrayEquals(FOR_RECIPIENT, out);
        JsonNode sent = new ObjectMapper().readTree(http.requests().getFirst());
        assertEquals(b64(BLOB), sent.get("CiphertextBlob").asText());
        assertEquals(KEY_ARN, sent.get("KeyId").asText());
        assertEquals("3", sent.get("EncryptionContext").get("party").asText());
        assertEquals(b64(ATTESTATION), sent.get("Recipient").get("AttestationDocument").asText());
        assertEquals("RSAES_OAEP_SHA_256", sent.get("Recipient").get("KeyEncryptionAlgorithm").asText());
    }

    @Test
    void decryptRefusesPlaintext() {
        CannedKmsHttp http =
                CannedKmsHttp.ok("{\"KeyId\":\"" + KEY_ARN + "\",\"Plaintext\":\"" + b64(PLAINTEXT) + "\"}");
        assertThrows(
                RecipientIgnoredException.class,
                () -> new EnclaveKeyClient(http.client()).decryptForEnclave(BLOB, KEY_ARN, ATTESTATION, CONTEXT));
    }

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @CsvSource({
        "AccessDeniedException, 400, KeyAccessDeniedException",
        "UnrecognizedClientException, 400, KeyAccessDeniedException",
        "NotFoundException, 400, KeyNotFoundException",
        "InvalidCiphertextException, 400, BadCiphertextException",
        "IncorrectKeyException, 400, BadCiphertextException",
        "KMSInvalidStateException, 400, KeyUnusableException",
        "DisabledException, 400, KeyUnusableException",
        "ThrottlingException, 400, KeyServiceUnavailableException",
        "KMSInternalException, 500, KeyServiceUnavailableException",
        "DependencyTimeoutException, 503, KeyServiceUnavailableException",
        "ValidationException, 400, KeyRequestRejectedException",
    })
    void kmsErrorsMapToTypedExceptions(String awsType, int status, String expected) {
        CannedKmsHttp http = CannedKmsHttp.error(status, awsType, "canned " + awsType);
        KeyServiceException e =
                assertThrows(
                        KeyServiceException.class,
                        () -> new EnclaveKeyClient(http.client()).decryptForEnclave(BLOB, KEY_ARN, ATTESTATION, CONTEXT));
        assertEquals(expected, e.getClass().getSimpleName(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Decrypt on key " + KEY_ARN), e.getMessage());
        assertTrue(e.getMessage().contains(awsType), e.getMessage());
        assertFalse(e.getMessage().contains(b64(BLOB)), e.getMessage());
        assertEquals(expected.equals("KeyServiceUnavailableException"), e.retryable());
    }

    @Test
    void unreachableEndpointIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (var kms =
                KmsClients.forEndpoint(
                        java.net.URI.create("http://127.0.0.1:" + port),
                        "eu-west-1",
                        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))) {
            KeyServiceException e =
                    assertThrows(
                            KeyServiceException.class,
                            () -> new EnclaveKeyClient(kms).generateDataKey(KEY_ARN, ATTESTATION, CONTEXT));
            assertInstanceOf(KeyServiceUnavailableException.class, e, e.getMessage());
        }
    }

    @Test
    void rejectsBadArgumentsBeforeCallingKms() {
        CannedKmsHttp http = CannedKmsHttp.ok("{}");
        EnclaveKeyClient client = new EnclaveKeyClient(http.client());
        assertThrows(IllegalArgumentException.class, () -> client.generateDataKey(" ", ATTESTATION, CONTEXT));
        assertThrows(IllegalArgumentException.class, () -> client.generateDataKey(KEY_ARN, new byte[0], CONTEXT));
        assertThrows(NullPointerException.class, () -> client.generateDataKey(KEY_ARN, ATTESTATION, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> client.decryptForEnclave(new byte[0], KEY_ARN, ATTESTATION, CONTEXT));
        assertTrue(http.requests().isEmpty());
    }

    @Test
    void dataKeyToStringShowsSizesOnlyAndCopiesArrays() {
        byte[] blob = BLOB.clone();
        DataKeyForEnclave key = new DataKeyForEnclave(KEY_ARN, FOR_RECIPIENT, blob);
        blob[0] = 99;
        assertArrayEquals(BLOB, key.ciphertextBlob());
        key.ciphertextBlob()[0] = 99;
        assertArrayEquals(BLOB, key.ciphertextBlob());
        assertEquals(new DataKeyForEnclave(KEY_ARN, FOR_RECIPIENT, BLOB), key);
        assertTrue(key.toString().contains("6 bytes"), key.toString());
    }
}

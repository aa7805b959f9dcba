package io.custody.signer.kms;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.RecipientInfo;

/**
 * The signer host's KMS client, working on behalf of its enclave. Every call carries the enclave's
 * attestation document as {@code Recipient}, so KMS encrypts the key for the enclave's attested
 * public key and the host only ever sees ciphertext.
 *
 * <p>Fail closed: if a response carries {@code Plaintext} the recipient was ignored (real KMS
 * never does that; moto does), and the call throws {@link RecipientIgnoredException} without
 * handing anything on. Every SDK failure surfaces as a {@link KeyServiceException} subtype.
 *
 * <p>Thread-safe if the injected {@link KmsClient} is (SDK clients are). The caller owns and
 * closes the {@link KmsClient}.
 */
public final class EnclaveKeyClient {

    private final KmsClient kms;

    public EnclaveKeyClient(KmsClient kms) {
        this.kms = Objects.requireNonNull(kms, "kms");
    }

    /**
     * Asks KMS for a fresh AES-256 data key encrypted for the enclave.
     *
     * @param keyId the KMS key id, ARN or alias
     * @param attestationDocument the enclave's signed attestation document (COSE_Sign1) with its
     *     ephemeral RSA public key; KMS checks it against the key policy's measurements
     * @param encryptionContext bound into {@code ciphertextBlob}; the same map is needed to decrypt
     */
    public DataKeyForEnclave generateDataKey(
            String keyId, byte[] attestationDocument, Map<String, String> encryptionContext)
            throws KeyServiceException {
        requireKeyId(keyId);
        RecipientInfo recipient = recipient(attestationDocument);
        Map<String, String> context = Map.copyOf(Objects.requireNonNull(encryptionContext, "encryptionContext"));
        GenerateDataKeyResponse response;
        try {
            response =
                    kms.generateDataKey(
                            GenerateDataKeyRequest.builder()
                                    .keyId(keyId)
                                    .keySpec(DataKeySpec.AES_256)
                                    .encryptionContext(context)
                                    .recipient(recipient)
                                    .build());
        } catch (SdkException e) {
            throw KmsErrors.map("GenerateDataKey", keyId, e);
        }
        String where = "GenerateDataKey on key " + keyId;
        refusePlaintext(where, response.plaintext());
        byte[] forRecipient = required(where, "CiphertextForRecipient", response.ciphertextForRecipient());
        byte[] blob = required(where, "CiphertextBlob", response.ciphertextBlob());
        String reportedKey = response.keyId();
        if (reportedKey == null || reportedKey.isBlank()) {
            throw new MalformedKeyResponseException(where + ": KMS response has no KeyId");
        }
        return new DataKeyForEnclave(reportedKey, forRecipient, blob);
    }

    /**
     * Asks KMS to unwrap a stored data key for the enclave.
     *
     * @param ciphertextBlob what {@link DataKeyForEnclave#ciphertextBlob()} returned
     * @param keyId the key it was made under; KMS refuses a blob from any other key
     * @param attestationDocument the enclave's current attestation document
     * @param context the encryption context given when the key was generated
     * @return CMS EnvelopedData that only the enclave can open
     */
    public byte[] decryptForEnclave(
            byte[] ciphertextBlob, String keyId, byte[] attestationDocument, Map<String, String> context)
            throws KeyServiceException {
        requireKeyId(keyId);
        Objects.requireNonNull(ciphertextBlob, "ciphertextBlob");
        if (ciphertextBlob.length == 0) {
            throw new IllegalArgumentException("ciphertextBlob must not be empty");
        }
        RecipientInfo recipient = recipient(attestationDocument);
        Map<String, String> encryptionContext = Map.copyOf(Objects.requireNonNull(context, "context"));
        DecryptResponse response;
        try {
            response =
                    kms.decrypt(
                            DecryptRequest.builder()
                                    .ciphertextBlob(SdkBytes.fromByteArray(ciphertextBlob))
                                    .keyId(keyId)
                                    .encryptionContext(encryptionContext)
                                    .recipient(recipient)
                                    .build());
        } catch (SdkException e) {
            throw KmsErrors.map("Decrypt", keyId, e);
        }
        String where = "Decrypt on key " + keyId;
        refusePlaintext(where, response.plaintext());
        return required(where, "CiphertextForRecipient", response.ciphertextForRecipient());
    }

    private static RecipientInfo recipient(byte[] attestationDocument) {
        Objects.requireNonNull(attestationDocument, "attestationDocument");
        if (attestationDocument.length == 0) {
            throw new IllegalArgumentException("attestationDocument must not be empty");
        }
        return RecipientInfo.builder()
                .attestationDocument(SdkBytes.fromByteArray(attestationDocument))
                .keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
                .build();
    }

    private static void requireKeyId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank()) {
            throw new IllegalArgumentException("keyId must not be blank");
        }
    }

    /** The plaintext is neither read nor copied: only its presence matters. */
    private static void refusePlaintext(String where, SdkBytes plaintext) throws RecipientIgnoredException {
        if (plaintext != null) {
            throw new RecipientIgnoredException(
                    where
                            + ": KMS returned a Plaintext key although the request carried a Recipient;"
                            + " the endpoint ignored the enclave's attestation (an emulator such as moto,"
                            + " or a misconfigured endpoint). Refusing the response: the signer host must"
                            + " never hold a plaintext key.");
        }
    }

    private static byte[] required(String where, String field, SdkBytes bytes)
            throws MalformedKeyResponseException {
        if (bytes == null || bytes.asByteArrayUnsafe().length == 0) {
            throw new MalformedKeyResponseException(where + ": KMS response has no " + field);
        }
        return bytes.asByteArray();
    }
}

package io.custody.kmsemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import io.custody.kmsemu.attest.RecipientAttestation;
import io.custody.kmsemu.attest.RecipientVerifier;
import io.custody.kmsemu.auth.Credential;
import io.custody.kmsemu.crypto.CiphertextBlob;
import io.custody.kmsemu.crypto.EncryptionContext;
import io.custody.kmsemu.crypto.RecipientEnvelope;
import io.custody.kmsemu.key.KeyRepository;
import io.custody.kmsemu.key.KeyState;
import io.custody.kmsemu.key.KmsKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypt, Decrypt and GenerateDataKey. With a {@code Recipient}, the document is verified before
 * the key policy is asked (its PCRs are condition keys), and the plaintext leaves only inside
 * {@code CiphertextForRecipient}; {@code Plaintext} is then omitted, as KMS does.
 */
final class CryptographicOperations {
    private static final int MAX_PLAINTEXT_BYTES = 4096;
    private static final int MAX_DATA_KEY_BYTES = 1024;
    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

    private final KeyRepository keys;
    private final RecipientVerifier recipientVerifier;
    private final SecureRandom random;

    CryptographicOperations(KeyRepository keys, RecipientVerifier recipientVerifier, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.recipientVerifier = Objects.requireNonNull(recipientVerifier, "recipientVerifier");
        this.random = Objects.requireNonNull(random, "random");
    }

    ObjectNode encrypt(Credential caller, JsonNode body) {
        RequestFields fields = new RequestFields(body);
        KmsKey key = usableKey(fields.requiredString("KeyId"));
        byte[] plaintext = fields.requiredBlob("Plaintext", MAX_PLAINTEXT_BYTES);
        try {
            requireSymmetricDefault(fields);
            EncryptionContext context = fields.encryptionContext();
            AccessGate.require(key, caller, "kms:Encrypt", context, Optional.empty());
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            putBlob(response, "CiphertextBlob", CiphertextBlob.seal(key.keyId(), key.material(), plaintext, context, random));
            response.put("KeyId", key.arn());
            response.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
            return response;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    ObjectNode decrypt(Credential caller, JsonNode body) {
        RequestFields fields = new RequestFields(body);
        byte[] blob = fields.requiredBlob("CiphertextBlob", CiphertextBlob.MAX_BLOB_BYTES);
        requireSymmetricDefault(fields);
        KmsKey key = usableKey(CiphertextBlob.keyIdOf(blob));
        Optional<String> requestedKey = fields.optionalString("KeyId");
        if (requestedKey.isPresent() && !keys.resolve(requestedKey.get()).keyId().equals(key.keyId())) {
            throw new KmsEmulatorException(KmsErrorCode.INCORRECT_KEY,
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        EncryptionContext context = fields.encryptionContext();
        Optional<RecipientAttestation> recipient = verifiedRecipient(fields);
        AccessGate.require(key, caller, "kms:Decrypt", context, recipient);
        byte[] plaintext = CiphertextBlob.open(blob, key.material(), context);
        try {
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            response.put("KeyId", key.arn());
            putPlaintextOrEnvelope(response, plaintext, recipient);
            response.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
            return response;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    ObjectNode generateDataKey(Credential caller, JsonNode body) {
        RequestFields fields = new RequestFields(body);
        KmsKey key = usableKey(fields.requiredString("KeyId"));
        int length = dataKeyLength(fields);
        EncryptionContext context = fields.encryptionContext();
        Optional<RecipientAttestation> recipient = verifiedRecipient(fields);
        AccessGate.require(key, caller, "kms:GenerateDataKey", context, recipient);
        byte[] dataKey = new byte[length];
        random.nextBytes(dataKey);
        try {
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            putBlob(response, "CiphertextBlob", CiphertextBlob.seal(key.keyId(), key.material(), dataKey, context, random));
            putPlaintextOrEnvelope(response, dataKey, recipient);
            response.put("KeyId", key.arn());
            return response;
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private KmsKey usableKey(String keyIdOrArn) {
        KmsKey key = keys.resolve(keyIdOrArn);
        if (key.state() != KeyState.ENABLED) {
            throw new KmsEmulatorException(KmsErrorCode.INVALID_STATE,
                    key.arn() + " is " + key.state().wireName() + ".");
        }
        return key;
    }

    private Optional<RecipientAttestation> verifiedRecipient(RequestFields fields) {
        return fields.recipient().map(r -> recipientVerifier.verify(r.attestationDocument(), r.keyEncryptionAlgorithm()));
    }

    private static void putPlaintextOrEnvelope(ObjectNode response, byte[] plaintext,
            Optional<RecipientAttestation> recipient) {
        if (recipient.isPresent()) {
            putBlob(response, "CiphertextForRecipient", RecipientEnvelope.seal(recipient.get().publicKey(), plaintext));
        } else {
            putBlob(response, "Plaintext", plaintext);
        }
    }

    private static int dataKeyLength(RequestFields fields) {
        Optional<Integer> bytes = fields.optionalInt("NumberOfBytes");
        Optional<String> spec = fields.optionalString("KeySpec");
        if (bytes.isPresent() == spec.isPresent()) {
            throw RequestFields.validation("Please specify either number of bytes or key spec.");
        }
        if (bytes.isPresent()) {
            if (bytes.get() < 1 || bytes.get() > MAX_DATA_KEY_BYTES) {
                throw RequestFields.validation("1 validation error detected: Value '" + bytes.get()
                        + "' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and "
                        + MAX_DATA_KEY_BYTES);
            }
            return bytes.get();
        }
        return switch (spec.get()) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default -> throw RequestFields.validation("KeySpec must be AES_256 or AES_128");
        };
    }

    private static void requireSymmetricDefault(RequestFields fields) {
        String algorithm = fields.optionalString("EncryptionAlgorithm").orElse(SYMMETRIC_DEFAULT);
        if (!algorithm.equals(SYMMETRIC_DEFAULT)) {
            throw RequestFields.validation("EncryptionAlgorithm " + algorithm
                    + " is not supported by a SYMMETRIC_DEFAULT key");
        }
    }

    private static void putBlob(ObjectNode response, String field, byte[] value) {
        response.put(field, Base64.getEncoder().encodeToString(value));
    }
}

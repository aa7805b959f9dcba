package io.custody.kmsemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import io.custody.kmsemu.crypto.EncryptionContext;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads typed fields out of a KMS JSON request body; a wrong shape is a {@code ValidationException}. */
final class RequestFields {
    private final JsonNode body;

    RequestFields(JsonNode body) {
        this.body = body;
    }

    String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> validation(
                "1 validation error detected: Value null at '" + lowerFirst(field) + "' failed to satisfy"
                        + " constraint: Member must not be null"));
    }

    Optional<String> optionalString(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw validation(field + " must be a string");
        }
        return Optional.of(node.asText());
    }

    Optional<Integer> optionalInt(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw validation(field + " must be an integer");
        }
        return Optional.of(node.intValue());
    }

    byte[] requiredBlob(String field, int maxBytes) {
        byte[] blob = blob(body, field).orElseThrow(() -> validation(
                "1 validation error detected: Value null at '" + lowerFirst(field) + "' failed to satisfy"
                        + " constraint: Member must not be null"));
        if (blob.length < 1 || blob.length > maxBytes) {
            throw validation("1 validation error detected: Value at '" + lowerFirst(field) + "' failed to"
                    + " satisfy constraint: Member must have length between 1 and " + maxBytes);
        }
        return blob;
    }

    EncryptionContext encryptionContext() {
        JsonNode node = body.get("EncryptionContext");
        if (node == null || node.isNull()) {
            return EncryptionContext.EMPTY;
        }
        if (!node.isObject()) {
            throw validation("EncryptionContext must be a map of strings");
        }
        Map<String, String> pairs = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw validation("EncryptionContext values must be strings");
            }
            pairs.put(entry.getKey(), entry.getValue().asText());
        }
        return EncryptionContext.of(pairs);
    }

    /** The {@code Recipient} structure, if present: the document bytes and the algorithm name. */
    Optional<Recipient> recipient() {
        JsonNode node = body.get("Recipient");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw validation("Recipient must be a structure");
        }
        byte[] document = blob(node, "AttestationDocument")
                .orElseThrow(() -> validation("Recipient.AttestationDocument is required"));
        String algorithm = node.path("KeyEncryptionAlgorithm").asText("");
        return Optional.of(new Recipient(document, algorithm));
    }

    private static Optional<byte[]> blob(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw validation(field + " must be a base64 string");
        }
        try {
            return Optional.of(Base64.getDecoder().decode(node.asText()));
        } catch (IllegalArgumentException e) {
            throw new KmsEmulatorException(KmsErrorCode.SERIALIZATION, field + " is not valid base64");
        }
    }

    static KmsEmulatorException validation(String message) {
        return new KmsEmulatorException(KmsErrorCode.VALIDATION, message);
    }

    private static String lowerFirst(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }

    /** A request's {@code Recipient}: an attestation document and the key encryption algorithm. */
    record Recipient(byte[] attestationDocument, String keyEncryptionAlgorithm) {
        Recipient {
            attestationDocument = attestationDocument.clone();
        }
    }
}

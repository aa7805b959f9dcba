package io.custody.kmsemu.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.kmsemu.key.KeyState;
import io.custody.kmsemu.key.KmsKey;
import java.math.BigDecimal;

/** A key's {@code KeyMetadata} as CreateKey and DescribeKey return it. */
final class KeyMetadataJson {
    private KeyMetadataJson() {}

    static ObjectNode of(KmsKey key, String account) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("AWSAccountId", account);
        node.put("KeyId", key.keyId());
        node.put("Arn", key.arn());
        // The JSON protocol sends timestamps as epoch seconds.
        node.put("CreationDate", BigDecimal.valueOf(key.creationDate().toEpochMilli()).movePointLeft(3));
        node.put("Enabled", key.state() == KeyState.ENABLED);
        node.put("Description", key.description());
        node.put("KeyUsage", "ENCRYPT_DECRYPT");
        node.put("KeyState", key.state().wireName());
        node.put("Origin", "AWS_KMS");
        node.put("KeyManager", "CUSTOMER");
        node.put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
        node.put("KeySpec", "SYMMETRIC_DEFAULT");
        node.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        node.put("MultiRegion", false);
        return node;
    }
}

package io.custody.kmsemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import io.custody.kmsemu.auth.Credential;
import io.custody.kmsemu.crypto.EncryptionContext;
import io.custody.kmsemu.key.KeyMaterial;
import io.custody.kmsemu.key.KeyRepository;
import io.custody.kmsemu.key.KeyState;
import io.custody.kmsemu.key.KmsKey;
import io.custody.kmsemu.policy.KeyPolicy;
import io.custody.kmsemu.policy.KeyPolicyParser;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** CreateKey, DescribeKey, GetKeyPolicy, PutKeyPolicy. */
final class KeyManagementOperations {
    private static final String DEFAULT_POLICY_NAME = "default";

    private final KeyRepository keys;
    private final String account;
    private final SecureRandom random;
    private final Clock clock;

    KeyManagementOperations(KeyRepository keys, String account, SecureRandom random, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.account = Objects.requireNonNull(account, "account");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Any authenticated caller may create keys (in AWS, IAM decides this, not a key policy). Only
     * symmetric ENCRYPT_DECRYPT keys of spec SYMMETRIC_DEFAULT exist here.
     */
    ObjectNode createKey(Credential caller, JsonNode body) {
        RequestFields fields = new RequestFields(body);
        String spec = fields.optionalString("KeySpec")
                .or(() -> fields.optionalString("CustomerMasterKeySpec")).orElse("SYMMETRIC_DEFAULT");
        String usage = fields.optionalString("KeyUsage").orElse("ENCRYPT_DECRYPT");
        if (!spec.equals("SYMMETRIC_DEFAULT") || !usage.equals("ENCRYPT_DECRYPT")) {
            throw new KmsEmulatorException(KmsErrorCode.UNSUPPORTED_OPERATION,
                    "the emulator makes SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys only");
        }
        String policy = fields.optionalString("Policy").orElse(KeyPolicy.defaultPolicyJson(account));
        KeyPolicyParser.parse(policy);
        String keyId = UUID.randomUUID().toString();
        KmsKey key = new KmsKey(keyId, keys.arnOf(keyId), fields.optionalString("Description").orElse(""),
                clock.instant(), KeyState.ENABLED, policy, KeyMaterial.generate(random));
        keys.add(key);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("KeyMetadata", KeyMetadataJson.of(key, account));
        return response;
    }

    ObjectNode describeKey(Credential caller, JsonNode body) {
        KmsKey key = keys.resolve(new RequestFields(body).requiredString("KeyId"));
        AccessGate.require(key, caller, "kms:DescribeKey", EncryptionContext.EMPTY, Optional.empty());
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("KeyMetadata", KeyMetadataJson.of(key, account));
        return response;
    }

    ObjectNode getKeyPolicy(Credential caller, JsonNode body) {
        RequestFields fields = new RequestFields(body);
        KmsKey key = keys.resolve(fields.requiredString("KeyId"));
        requireDefaultPolicyName(fields);
        AccessGate.require(key, caller, "kms:GetKeyPolicy", EncryptionContext.EMPTY, Optional.empty());
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("Policy", key.policy());
        response.put("PolicyName", DEFAULT_POLICY_NAME);
        return response;
    }

    /**
     * Replaces the key policy. Unless {@code BypassPolicyLockoutSafetyCheck} is true, the new
     * policy must still let the caller call PutKeyPolicy, as KMS requires.
     */
    ObjectNode putKeyPolicy(Credential caller, JsonNode body) {
        RequestFields fields = new RequestFields(body);
        KmsKey key = keys.resolve(fields.requiredString("KeyId"));
        requireDefaultPolicyName(fields);
        String policy = fields.requiredString("Policy");
        AccessGate.require(key, caller, "kms:PutKeyPolicy", EncryptionContext.EMPTY, Optional.empty());
        KeyPolicyParser.parse(policy);
        boolean bypass = body.path("BypassPolicyLockoutSafetyCheck").asBoolean(false);
        if (!bypass && !AccessGate.allows(policy, key.arn(), caller, "kms:PutKeyPolicy",
                EncryptionContext.EMPTY, Optional.empty())) {
            throw new KmsEmulatorException(KmsErrorCode.MALFORMED_POLICY,
                    "The new key policy will not allow you to update the key policy in the future.");
        }
        keys.replace(key.withPolicy(policy));
        return JsonNodeFactory.instance.objectNode();
    }

    private static void requireDefaultPolicyName(RequestFields fields) {
        String name = fields.optionalString("PolicyName").orElse(DEFAULT_POLICY_NAME);
        if (!name.equals(DEFAULT_POLICY_NAME)) {
            throw new KmsEmulatorException(KmsErrorCode.NOT_FOUND, "Policy '" + name + "' does not exist");
        }
    }
}

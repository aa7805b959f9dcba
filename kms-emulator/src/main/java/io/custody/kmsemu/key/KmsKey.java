package io.custody.kmsemu.key;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One symmetric (SYMMETRIC_DEFAULT) KMS key.
 *
 * @param keyId a UUID, as KMS makes them
 * @param arn {@code arn:aws:kms:<region>:<account>:key/<keyId>}
 * @param description free text, may be empty
 * @param creationDate when CreateKey ran
 * @param state whether the key may be used
 * @param policy the key policy document as the caller gave it (JSON text)
 * @param material the secret AES-256 key
 */
public record KmsKey(
        String keyId,
        String arn,
        String description,
        Instant creationDate,
        KeyState state,
        String policy,
        KeyMaterial material) {

    private static final Pattern KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public KmsKey {
        Objects.requireNonNull(keyId, "keyId");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id must be a lower-case UUID: " + keyId);
        }
        Objects.requireNonNull(arn, "arn");
        if (!arn.startsWith("arn:aws:kms:") || !arn.endsWith(":key/" + keyId)) {
            throw new IllegalArgumentException("ARN " + arn + " does not name key " + keyId);
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(material, "material");
    }

    public static boolean isKeyId(String candidate) {
        return KEY_ID.matcher(candidate).matches();
    }

    public KmsKey withPolicy(String newPolicy) {
        return new KmsKey(keyId, arn, description, creationDate, state, newPolicy, material);
    }

    @Override
    public String toString() {
        return "KmsKey[" + arn + ", " + state.wireName() + ", material hidden]";
    }
}

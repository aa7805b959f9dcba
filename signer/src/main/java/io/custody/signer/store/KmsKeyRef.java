package io.custody.signer.store;

import java.util.Objects;

/**
 * The KMS key that wrapped a share's data key, and its generation. The generation is recorded
 * per row (Vault-style) so that blobs wrapped under an older generation can be found and
 * rewrapped when the key is rotated.
 */
public record KmsKeyRef(String keyId, int generation) {
    public static final int MAX_KEY_ID_CHARS = 2048;

    public KmsKeyRef {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isBlank() || keyId.length() > MAX_KEY_ID_CHARS) {
            throw new IllegalArgumentException(
                    "keyId must be 1.." + MAX_KEY_ID_CHARS + " characters, not blank");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1, was " + generation);
        }
    }
}

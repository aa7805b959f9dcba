package io.custody.kmsemu.key;

import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulator's keys, in memory and, when a {@link StateFile} is given, on disk: every change is
 * written through before it is acknowledged. Thread-safe.
 */
public final class KeyRepository {
    private final Map<String, KmsKey> keysById = new LinkedHashMap<>();
    private final Optional<StateFile> stateFile;
    private final String region;
    private final String account;

    public KeyRepository(Optional<StateFile> stateFile, String region, String account) {
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
        this.region = Objects.requireNonNull(region, "region");
        this.account = Objects.requireNonNull(account, "account");
        stateFile.ifPresent(file -> file.load().forEach(key -> keysById.put(key.keyId(), key)));
    }

    public String arnOf(String keyId) {
        return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
    }

    public synchronized void add(KmsKey key) {
        if (keysById.containsKey(key.keyId())) {
            throw new IllegalStateException("key " + key.keyId() + " exists");
        }
        keysById.put(key.keyId(), key);
        persist();
    }

    public synchronized void replace(KmsKey key) {
        if (!keysById.containsKey(key.keyId())) {
            throw new IllegalStateException("key " + key.keyId() + " does not exist");
        }
        keysById.put(key.keyId(), key);
        persist();
    }

    /**
     * The key a request's {@code KeyId} names: a key id or a key ARN of this region and account.
     * Aliases are not supported and, like unknown keys, give {@code NotFoundException}.
     */
    public synchronized KmsKey resolve(String keyIdOrArn) {
        if (keyIdOrArn == null || keyIdOrArn.isEmpty()) {
            throw new KmsEmulatorException(KmsErrorCode.VALIDATION, "KeyId is required");
        }
        String keyId = keyIdOrArn;
        if (keyIdOrArn.startsWith("arn:")) {
            String prefix = arnOf("");
            if (!keyIdOrArn.startsWith(prefix)) {
                throw notFound(keyIdOrArn);
            }
            keyId = keyIdOrArn.substring(prefix.length());
        }
        KmsKey key = keysById.get(keyId);
        if (key == null) {
            throw notFound(keyIdOrArn);
        }
        return key;
    }

    public synchronized List<KmsKey> all() {
        return List.copyOf(keysById.values());
    }

    private void persist() {
        stateFile.ifPresent(file -> file.save(keysById.values()));
    }

    private KmsEmulatorException notFound(String keyIdOrArn) {
        return new KmsEmulatorException(KmsErrorCode.NOT_FOUND,
                "Key '" + (keyIdOrArn.startsWith("arn:") ? keyIdOrArn : arnOf(keyIdOrArn)) + "' does not exist");
    }
}

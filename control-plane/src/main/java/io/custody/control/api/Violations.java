package io.custody.control.api;

import io.custody.control.ControlPlaneException;
import io.custody.control.auth.KeyAlgorithm;
import io.custody.proto.signature.ClientKeyIds;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.ClientSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a request's field violations, then throws them all at once as INVALID_ARGUMENT.
 * Every handler validates its whole request this way before it reads or writes anything.
 */
final class Violations {

    static final int MAX_PATH = 16;
    private static final long HARDENED = 1L << 31;

    private final List<ControlPlaneException.FieldViolation> found = new ArrayList<>();

    void add(String field, String description) {
        found.add(new ControlPlaneException.FieldViolation(field, description));
    }

    void require(boolean ok, String field, String description) {
        if (!ok) {
            add(field, description);
        }
    }

    /** @throws ControlPlaneException.InvalidRequest if anything was found */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ControlPlaneException.InvalidRequest(found);
        }
    }

    void idempotencyKey(String key) {
        if (key.isEmpty() || key.length() > 128) {
            add("idempotency_key", "required: 1 to 128 printable ASCII characters");
            return;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                add("idempotency_key", "only printable ASCII characters");
                return;
            }
        }
    }

    void signature(boolean present, ClientSignature signature) {
        if (!present) {
            add("signature", "required: every mutating request is signed");
            return;
        }
        require(!signature.getKeyId().isEmpty(), "signature.key_id", "required");
        require(KeyAlgorithm.fromWire(signature.getAlgorithm()).isPresent(), "signature.algorithm",
                "required: SIGNATURE_ALGORITHM_ED25519 or SIGNATURE_ALGORITHM_ECDSA_P256_SHA256");
        require(!signature.getSignature().isEmpty(), "signature.signature", "required");
    }

    void text(String value, String field, int max, boolean required) {
        if (required && value.isBlank()) {
            add(field, "required");
        } else if (value.codePointCount(0, value.length()) > max) {
            add(field, "at most " + max + " characters");
        }
    }

    void id(String value, String field) {
        if (value.isEmpty()) {
            add(field, "required");
        } else if (value.length() > 64) {
            add(field, "at most 64 characters");
        }
    }

    void derivationPath(List<Integer> path, String field) {
        if (path.size() > MAX_PATH) {
            add(field, "at most " + MAX_PATH + " levels");
        }
        for (int i = 0; i < path.size(); i++) {
            if (Integer.toUnsignedLong(path.get(i)) >= HARDENED) {
                add(field + "[" + i + "]", "hardened indexes (>= 2^31) cannot be derived from a public key");
            }
        }
    }

    /** Violations {@code io.custody.proto.ethereum} found in a payload, as they are. */
    void payload(List<io.custody.proto.ethereum.FieldViolation> violations) {
        violations.forEach(v -> add(v.field(), v.description()));
    }

    /** A client public key whose id names its bytes and whose bytes are a key of its algorithm. */
    void publicKey(ClientPublicKey key, String field) {
        var algorithm = KeyAlgorithm.fromWire(key.getAlgorithm());
        if (algorithm.isEmpty()) {
            add(field + ".algorithm", "required: SIGNATURE_ALGORITHM_ED25519 or SIGNATURE_ALGORITHM_ECDSA_P256_SHA256");
        }
        if (key.getPublicKey().isEmpty()) {
            add(field + ".public_key", "required: an X.509 SubjectPublicKeyInfo, DER");
            return;
        }
        byte[] spki = key.getPublicKey().toByteArray();
        if (algorithm.isPresent()) {
            try {
                algorithm.get().parse(spki);
            } catch (IllegalArgumentException e) {
                add(field + ".public_key", "not a " + key.getAlgorithm() + " SubjectPublicKeyInfo");
            }
        }
        if (!ClientKeyIds.of(spki).equals(key.getKeyId())) {
            add(field + ".key_id", "must be \"sha256:\" and the lowercase hex SHA-256 of public_key");
        }
    }
}

package io.custody.control.auth;

import io.custody.proto.signature.ClientKeyIds;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;

/**
 * A registered public key that signs requests: an API client's key, or an operator key of the
 * deployment (for AdminService). {@code keyId} is derived from the bytes, never chosen.
 *
 * @param owner the audit actor: {@code client/{client_id}} or {@code operator/{key_id}}
 * @param clientId the API client's id, or empty for an operator key
 * @param active false once the client is revoked
 */
public record ClientKey(String keyId, KeyAlgorithm algorithm, byte[] publicKey, String owner, String clientId,
        boolean active) {

    public ClientKey {
        Objects.requireNonNull(algorithm, "algorithm");
        publicKey = publicKey.clone();
        if (!ClientKeyIds.of(publicKey).equals(keyId)) {
            throw new IllegalArgumentException("key id " + keyId + " does not name its key");
        }
        algorithm.parse(publicKey);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(clientId, "clientId");
    }

    public boolean isOperator() {
        return clientId.isEmpty();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Whether {@code signature} is this key's valid signature over {@code signedBytes}. */
    public boolean verifies(byte[] signedBytes, byte[] signature) {
        try {
            PublicKey key = algorithm.parse(publicKey);
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
            verifier.initVerify(key);
            verifier.update(signedBytes);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is a wrong one
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKey k && keyId.equals(k.keyId) && algorithm == k.algorithm
                && Arrays.equals(publicKey, k.publicKey) && owner.equals(k.owner) && clientId.equals(k.clientId)
                && active == k.active;
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "ClientKey[" + keyId + ", " + algorithm + ", " + owner + (active ? "" : ", revoked") + "]";
    }
}

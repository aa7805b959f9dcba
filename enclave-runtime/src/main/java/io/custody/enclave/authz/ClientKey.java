package io.custody.enclave.authz;

import java.security.PublicKey;
import java.util.Objects;

/** One key of a wallet's governance: its id ({@code sha256:} of its SPKI), algorithm and key. */
public record ClientKey(String keyId, ClientKeyAlgorithm algorithm, PublicKey publicKey) {

    public ClientKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}

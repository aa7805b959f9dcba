package io.custody.control.auth;

import io.custody.proto.signature.ClientKeyIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's operator keys, which sign AdminService requests. The first (bootstrap) key
 * comes from configuration: a file holding one public key as PEM ({@code -----BEGIN PUBLIC KEY-----},
 * what {@code openssl pkey -pubout} writes) or as DER SubjectPublicKeyInfo; Ed25519 or P-256.
 */
public final class OperatorKeys {

    private final List<ClientKey> keys;

    public OperatorKeys(List<ClientKey> keys) {
        for (ClientKey key : keys) {
            if (!key.isOperator()) {
                throw new IllegalArgumentException(key + " is not an operator key");
            }
        }
        this.keys = List.copyOf(keys);
    }

    /** Reads the bootstrap admin key file. */
    public static OperatorKeys fromFile(Path file) throws IOException {
        return new OperatorKeys(List.of(operatorKey(spki(Files.readAllBytes(file)))));
    }

    /** An operator key for {@code spki}, its algorithm detected from the key. */
    public static ClientKey operatorKey(byte[] spki) {
        KeyAlgorithm algorithm = KeyAlgorithm.detect(spki).orElseThrow(() ->
                new IllegalArgumentException("the admin key is neither an Ed25519 nor a P-256 public key"));
        String keyId = ClientKeyIds.of(spki);
        return new ClientKey(keyId, algorithm, spki, "operator/" + keyId, "", true);
    }

    public Optional<ClientKey> find(String keyId) {
        return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    public List<ClientKey> keys() {
        return keys;
    }

    /** PEM "PUBLIC KEY" or raw DER. */
    static byte[] spki(byte[] file) {
        String text = new String(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        if (begin < 0) {
            return file;
        }
        int end = text.indexOf("-----END PUBLIC KEY-----", begin);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated PEM public key");
        }
        String body = text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}

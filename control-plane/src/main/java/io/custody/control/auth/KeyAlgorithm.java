package io.custody.control.auth;

import io.custody.proto.v1.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/** The algorithms a client or operator key signs with (custody/v1/client_signature.proto). */
public enum KeyAlgorithm {
    /** Pure Ed25519 over the signed bytes; 64-byte signature. */
    ED25519("ed25519", "Ed25519", "Ed25519"),
    /** ECDSA P-256 over SHA-256 of the signed bytes; DER signature. */
    ECDSA_P256_SHA256("ecdsa_p256_sha256", "EC", "SHA256withECDSA");

    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private final String storeName;
    private final String keyFactory;
    private final String signatureAlgorithm;

    KeyAlgorithm(String storeName, String keyFactory, String signatureAlgorithm) {
        this.storeName = storeName;
        this.keyFactory = keyFactory;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The name in the store's {@code client_keys.algorithm} column. */
    public String storeName() {
        return storeName;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public static KeyAlgorithm fromStoreName(String name) {
        for (KeyAlgorithm a : values()) {
            if (a.storeName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm in the store: " + name);
    }

    public static Optional<KeyAlgorithm> fromWire(SignatureAlgorithm wire) {
        return switch (wire) {
            case SIGNATURE_ALGORITHM_ED25519 -> Optional.of(ED25519);
            case SIGNATURE_ALGORITHM_ECDSA_P256_SHA256 -> Optional.of(ECDSA_P256_SHA256);
            default -> Optional.empty();
        };
    }

    public SignatureAlgorithm toWire() {
        return switch (this) {
            case ED25519 -> SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519;
            case ECDSA_P256_SHA256 -> SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256;
        };
    }

    /**
     * Parses {@code spki} (X.509 SubjectPublicKeyInfo, DER) as a key of this algorithm.
     *
     * @throws IllegalArgumentException if it is not one (another algorithm, another curve, not DER)
     */
    public PublicKey parse(byte[] spki) {
        try {
            PublicKey key = KeyFactory.getInstance(keyFactory).generatePublic(new X509EncodedKeySpec(spki));
            if (this == ECDSA_P256_SHA256 && !(key instanceof ECPublicKey ec
                    && ec.getParams().getOrder().equals(P256_ORDER))) {
                throw new IllegalArgumentException("not a P-256 key");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an " + name() + " SubjectPublicKeyInfo", e);
        }
    }

    /** The algorithm whose keys {@code spki} parses as, if any. */
    public static Optional<KeyAlgorithm> detect(byte[] spki) {
        for (KeyAlgorithm a : values()) {
            try {
                a.parse(spki);
                return Optional.of(a);
            } catch (IllegalArgumentException notThis) {
                // try the next
            }
        }
        return Optional.empty();
    }
}

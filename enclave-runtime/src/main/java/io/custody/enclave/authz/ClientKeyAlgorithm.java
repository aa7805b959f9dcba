package io.custody.enclave.authz;

import io.custody.proto.v1.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The algorithms a client key signs requests with (custody/v1/client_signature.proto), verified
 * with the JDK's own providers.
 */
public enum ClientKeyAlgorithm {
    /** Pure Ed25519 (RFC 8032); the signature is the 64-byte R || S. */
    ED25519("Ed25519", "Ed25519") {
        @Override
        boolean wellFormed(byte[] signature) {
            return signature.length == 64;
        }
    },
    /** ECDSA on P-256 over SHA-256; the signature is strict ASN.1 DER. */
    ECDSA_P256_SHA256("EC", "SHA256withECDSA") {
        @Override
        boolean wellFormed(byte[] signature) {
            return StrictDer.isEcdsaSignature(signature);
        }

        @Override
        void checkKey(PublicKey key) {
            if (!(key instanceof ECPublicKey ec) || !P256_ORDER.equals(ec.getParams().getOrder())
                    || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new InvalidGovernanceException("an ECDSA_P256_SHA256 key must be on P-256 (prime256v1)");
            }
        }
    };

    /** The order n of P-256's base point, which no other curve the JDK knows shares. */
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private final String keyAlgorithm;
    private final String signatureAlgorithm;

    ClientKeyAlgorithm(String keyAlgorithm, String signatureAlgorithm) {
        this.keyAlgorithm = keyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The algorithm a registered key names; UNSPECIFIED and unknown values have none. */
    static ClientKeyAlgorithm of(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case SIGNATURE_ALGORITHM_ED25519 -> ED25519;
            case SIGNATURE_ALGORITHM_ECDSA_P256_SHA256 -> ECDSA_P256_SHA256;
            case SIGNATURE_ALGORITHM_UNSPECIFIED, UNRECOGNIZED ->
                    throw new InvalidGovernanceException("a signing key needs an algorithm (ED25519 or ECDSA_P256_SHA256)");
        };
    }

    /** The wire value, to compare with what a request claims. */
    SignatureAlgorithm toProto() {
        return switch (this) {
            case ED25519 -> SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519;
            case ECDSA_P256_SHA256 -> SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256;
        };
    }

    /**
     * Reads an X.509 SubjectPublicKeyInfo of this algorithm. Refuses other algorithms, other
     * curves, and encodings that do not re-encode to the same bytes (a key id names one
     * encoding).
     */
    PublicKey publicKey(byte[] subjectPublicKeyInfo) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidGovernanceException("public_key is not an " + name() + " SubjectPublicKeyInfo");
        }
        checkKey(key);
        if (!Arrays.equals(key.getEncoded(), subjectPublicKeyInfo)) {
            throw new InvalidGovernanceException("public_key is not in canonical DER form");
        }
        return key;
    }

    /** True when {@code signature} is a valid signature of {@code data} by {@code key}. */
    boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        if (!wellFormed(signature)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a signature that does not verify
        }
    }

    abstract boolean wellFormed(byte[] signature);

    void checkKey(PublicKey key) {
        // Ed25519: the key factory accepts nothing else.
    }
}

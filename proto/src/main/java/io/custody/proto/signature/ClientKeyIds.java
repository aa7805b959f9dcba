package io.custody.proto.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The key id of a client public key: {@code "sha256:"} and the lowercase hex SHA-256 of its bytes. */
public final class ClientKeyIds {

    /** The prefix of every key id. */
    public static final String PREFIX = "sha256:";

    private ClientKeyIds() {}

    /** The key id of {@code subjectPublicKeyInfo} (X.509 SubjectPublicKeyInfo, DER). */
    public static String of(byte[] subjectPublicKeyInfo) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

package io.custody.signer.kms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic, obviously fake SHA-384 measurements for tests and the committed example. */
final class Pcrs {

    private Pcrs() {}

    static String sha384Hex(String label) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-384").digest(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

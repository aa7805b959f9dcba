package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The dev cluster's generated secrets: random, written once to 0600 files in a 0700 directory. */
final class SecretFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {}

    /** 24 random bytes, base64url: safe in a password field, a file and an environment variable. */
    static char[] randomSecret() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        char[] secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        java.util.Arrays.fill(raw, (byte) 0);
        return secret;
    }

    static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot create " + dir, e);
        }
    }

    /** Writes {@code content} to a new 0600 file; never overwrites. */
    static Path write(Path file, String content) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot write " + file, e);
        }
    }
}

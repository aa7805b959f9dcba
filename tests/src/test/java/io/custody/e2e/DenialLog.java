package io.custody.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes each refused case and the error it produced to target/denials.txt, for the issue note. */
final class DenialLog {
    private static final Path FILE = Path.of("target", "denials.txt");

    private DenialLog() {}

    static synchronized void record(String attempt, String error) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, attempt + " -> " + error + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

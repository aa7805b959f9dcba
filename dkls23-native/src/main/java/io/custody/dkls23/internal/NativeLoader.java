package io.custody.dkls23.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Loads the shim once per JVM from the jar (or target/classes) — no -Djava.library.path needed. */
public final class NativeLoader {
    static final String RESOURCE = "/native/linux-x86_64/libcustody_dkls23.so";

    private static final Path LIBRARY_PATH = extract();
    static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup(LIBRARY_PATH, Arena.global());

    private NativeLoader() {}

    public static Path libraryPath() {
        return LIBRARY_PATH;
    }

    private static Path extract() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsatisfiedLinkError("dkls23-native ships only linux-x86_64; this JVM is " + os + "/" + arch);
        }
        try (InputStream in = NativeLoader.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UnsatisfiedLinkError(RESOURCE + " is not on the classpath: build dkls23-native with Maven");
            }
            // A private copy per JVM: the mapped file must not change under us.
            Path file = Files.createTempFile("custody_dkls23-", ".so",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the DKLs23 native library", e);
        }
    }
}

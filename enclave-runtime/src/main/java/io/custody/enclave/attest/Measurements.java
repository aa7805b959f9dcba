package io.custody.enclave.attest;

import io.custody.dkls23.Dkls23;
import io.custody.proto.enclave.ImageMeasurements;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * PCR0, PCR1 and PCR2 of this enclave. In Nitro mode they are the NSM's ({@link
 * #of(ImageMeasurements)}); in dev mode ({@link #ofThisEnclave}) they are what a {@link DevAttestor}
 * reports, standing in for Nitro's image measurements so that changed code means a changed
 * document — the jar hash is never used in Nitro mode:
 *
 * <ul>
 *   <li>PCR0: SHA-384 of the enclave-runtime artifact, the code source of this class. A jar is
 *       hashed as a file; a directory (tests run from {@code target/classes}) as its regular
 *       files in order of their {@code /}-separated relative paths, each contributing
 *       {@code u32 path length || path (UTF-8) || u64 content length || content}, big-endian.
 *   <li>PCR1: SHA-384 of the DKLs23 native library file that was loaded.
 *   <li>PCR2: 48 zero bytes.
 * </ul>
 *
 * @param pcr0 48 bytes
 * @param pcr1 48 bytes
 * @param pcr2 48 bytes
 */
public record Measurements(byte[] pcr0, byte[] pcr1, byte[] pcr2) {

    public static final int PCR_BYTES = 48;

    public Measurements {
        pcr0 = checked("PCR0", pcr0);
        pcr1 = checked("PCR1", pcr1);
        pcr2 = checked("PCR2", pcr2);
    }

    /** The measurements of a Nitro image, as the NSM reports them or nitro-cli printed them. */
    public static Measurements of(ImageMeasurements image) {
        return new Measurements(image.pcr(0), image.pcr(1), image.pcr(2));
    }

    /** Measures this enclave-runtime artifact and the loaded DKLs23 library. */
    public static Measurements ofThisEnclave() {
        return new Measurements(
                hashArtifact(codeSourceOf(Measurements.class)),
                hashArtifact(Dkls23.nativeLibraryPath()),
                new byte[PCR_BYTES]);
    }

    /** SHA-384 of a file, or of a directory walked as described above. */
    public static byte[] hashArtifact(Path artifact) {
        MessageDigest sha384 = newSha384();
        try {
            if (Files.isDirectory(artifact)) {
                hashDirectory(artifact, sha384);
            } else {
                hashFile(artifact, sha384);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + artifact + " to measure it", e);
        }
        return sha384.digest();
    }

    /** The PCR map a document carries: indices 0, 1 and 2. */
    public SortedMap<Integer, byte[]> asPcrs() {
        SortedMap<Integer, byte[]> pcrs = new TreeMap<>();
        pcrs.put(0, pcr0());
        pcrs.put(1, pcr1());
        pcrs.put(2, pcr2());
        return Collections.unmodifiableSortedMap(pcrs);
    }

    @Override
    public byte[] pcr0() {
        return pcr0.clone();
    }

    @Override
    public byte[] pcr1() {
        return pcr1.clone();
    }

    @Override
    public byte[] pcr2() {
        return pcr2.clone();
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Measurements[PCR0=" + hex.formatHex(pcr0) + ", PCR1=" + hex.formatHex(pcr1)
                + ", PCR2=" + hex.formatHex(pcr2) + "]";
    }

    static Path codeSourceOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException(type.getName() + " has no code source to measure");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("code source of " + type.getName() + " is not a path", e);
        }
    }

    private static void hashDirectory(Path root, MessageDigest sha384) throws IOException {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString()
                            .replace(root.getFileSystem().getSeparator(), "/"))
                    .forEach(paths::add);
        }
        Collections.sort(paths); // String order is UTF-16 order; stable across runs and machines
        for (String relative : paths) {
            byte[] name = relative.getBytes(StandardCharsets.UTF_8);
            sha384.update(ByteBuffer.allocate(4).putInt(name.length).array());
            sha384.update(name);
            Path file = root.resolve(relative);
            sha384.update(ByteBuffer.allocate(8).putLong(Files.size(file)).array());
            hashFile(file, sha384);
        }
    }

    private static void hashFile(Path file, MessageDigest sha384) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) != -1; ) {
                sha384.update(buffer, 0, read);
            }
        }
    }

    private static MessageDigest newSha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-384", e);
        }
    }

    private static byte[] checked(String name, byte[] value) {
        if (value == null || value.length != PCR_BYTES) {
            throw new IllegalArgumentException(name + " must be " + PCR_BYTES + " bytes");
        }
        return value.clone();
    }
}

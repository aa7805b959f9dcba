package io.custody.enclave.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.dkls23.Dkls23;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementsTest {

    @TempDir Path directory;

    @Test
    void changedDirectoryContentChangesTheMeasurement() throws Exception {
        Files.createDirectories(directory.resolve("io/custody"));
        Files.writeString(directory.resolve("io/custody/A.class"), "first");
        Files.writeString(directory.resolve("B.class"), "second");
        byte[] before = Measurements.hashArtifact(directory);
        assertArrayEquals(before, Measurements.hashArtifact(directory), "a walk must be repeatable");

        Files.writeString(directory.resolve("io/custody/A.class"), "firsT");
        byte[] changed = Measurements.hashArtifact(directory);
        assertFalse(Arrays.equals(before, changed));

        Files.writeString(directory.resolve("io/custody/A.class"), "first");
        assertArrayEquals(before, Measurements.hashArtifact(directory));
        Files.writeString(directory.resolve("C.class"), "");
        assertFalse(Arrays.equals(before, Measurements.hashArtifact(directory)), "an added empty file counts");
    }

    @Test
    void movingBytesBetweenFilesChangesTheMeasurement() throws Exception {
        Files.writeString(directory.resolve("a"), "xy");
        Files.writeString(directory.resolve("b"), "z");
        byte[] before = Measurements.hashArtifact(directory);
        Files.writeString(directory.resolve("a"), "x");
        Files.writeString(directory.resolve("b"), "yz");
        assertFalse(Arrays.equals(before, Measurements.hashArtifact(directory)));
    }

    @Test
    void aFileIsHashedAsItsBytes() throws Exception {
        Path jar = directory.resolve("enclave-runtime.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        byte[] expected = MessageDigest.getInstance("SHA-384").digest(new byte[] {1, 2, 3});
        assertArrayEquals(expected, Measurements.hashArtifact(jar));
    }

    @Test
    void thisEnclaveMeasuresItsCodeAndTheNativeLibrary() throws Exception {
        Measurements measurements = Measurements.ofThisEnclave();
        assertArrayEquals(Measurements.hashArtifact(Measurements.codeSourceOf(Measurements.class)),
                measurements.pcr0());
        byte[] library = Files.readAllBytes(Dkls23.nativeLibraryPath());
        assertArrayEquals(MessageDigest.getInstance("SHA-384").digest(library), measurements.pcr1());
        assertArrayEquals(new byte[48], measurements.pcr2());
        assertEquals(3, measurements.asPcrs().size());
    }

    @Test
    void refusesRegistersOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class,
                () -> new Measurements(new byte[32], new byte[48], new byte[48]));
    }
}

package io.custody.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot configuration the enclave refuses before it touches the NSM or a socket. */
class MainOptionsTest {
    static final String NITRO_CLI_OUTPUT = """
            Enclave Image successfully created.
            {
              "Measurements": {
                "HashAlgorithm": "Sha384 { ... }",
                "PCR0": "%s",
                "PCR1": "%s",
                "PCR2": "%s"
              }
            }
            """.formatted("a1".repeat(48), "b1".repeat(48), "c1".repeat(48));

    @Test
    void nitroModeReadsTheExpectedMeasurementsFromNitroCliOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eif.json");
        Files.writeString(file, NITRO_CLI_OUTPUT);
        Main.Options options = Main.Options.parse(new String[] {"--vsock-port", "5005", "--node-id", "s2",
                "--expected-pcrs", file.toString()});
        assertEquals("s2", options.nodeId);
        assertEquals(1, options.expectedImages.size());
        assertEquals("a1".repeat(48), options.expectedImages.getFirst().pcr0Hex());
    }

    @Test
    void nitroModeRefusesToStartWithoutExpectedMeasurements() {
        assertRefused("Nitro mode needs the expected image measurements", "--vsock-port", "5005", "--node-id", "s2");
    }

    @Test
    void everyModeNeedsANodeId() {
        assertRefused("--node-id is required", "--socket", "/tmp/e.sock", "--dev");
        assertRefused("a node id is", "--socket", "/tmp/e.sock", "--dev", "--node-id", "s 2");
    }

    @Test
    void theJarHashIsForDevModeAndPcrFilesForNitro(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eif.json");
        Files.writeString(file, NITRO_CLI_OUTPUT);
        assertRefused("--expected-pcrs is for Nitro mode", "--socket", "/tmp/e.sock", "--dev", "--node-id", "s1",
                "--expected-pcrs", file.toString());
        assertRefused("--allow-pcr0 is for dev mode", "--vsock-port", "5005", "--node-id", "s1",
                "--expected-pcrs", file.toString(), "--allow-pcr0", "ab".repeat(48));
        Main.Options dev = Main.Options.parse(new String[] {"--socket", "/tmp/e.sock", "--dev", "--node-id", "s1",
                "--allow-pcr0", "ab".repeat(48)});
        assertTrue(dev.dev);
    }

    @Test
    void anUnreadableOrMalformedMeasurementsFileIsRefused(@TempDir Path dir) throws Exception {
        assertRefused("cannot be read", "--vsock-port", "5005", "--node-id", "s1",
                "--expected-pcrs", dir.resolve("missing.json").toString());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, NITRO_CLI_OUTPUT.replace("a1".repeat(48), "00"));
        assertRefused("96 hex digits", "--vsock-port", "5005", "--node-id", "s1", "--expected-pcrs", bad.toString());
    }

    private static void assertRefused(String reason, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(args));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}

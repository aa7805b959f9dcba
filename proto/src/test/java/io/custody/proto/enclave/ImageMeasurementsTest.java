package io.custody.proto.enclave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMeasurementsTest {
    static final String PCR0 = "287b24930a9f0fe14b01a71ecdc00d8be8fad90f9834d547158854b8279c74095c43f8d7f047714e98deb7903f20e3dd";
    static final String PCR1 = "aca6e62ffbf5f7deccac452d7f8cee1b94048faf62afc16c8ab68c9fed8c38010c73a669f9a36e596032f0b973d21895";
    static final String PCR2 = "0315f483ae1220b5e023d8c80ff1e135edcca277e70860c31f3003b36e3b2aaec5d043c9ce3a679e3bbd5b3b93b61d6f";

    /** The shape `nitro-cli build-enclave` prints (progress lines, then the JSON). */
    static final String NITRO_CLI_OUTPUT = """
            Start building the Enclave Image...
            Using the locally available Docker image...
            Enclave Image successfully created.
            {
              "Measurements": {
                "HashAlgorithm": "Sha384 { ... }",
                "PCR0": "%s",
                "PCR1": "%s",
                "PCR2": "%s"
              }
            }
            """.formatted(PCR0, PCR1.toUpperCase(), PCR2);

    @Test
    void readsTheNitroCliOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("measurements.json");
        Files.writeString(file, NITRO_CLI_OUTPUT);
        ImageMeasurements m = ImageMeasurements.readNitroCliOutput(file);
        assertEquals(PCR0, m.pcr0Hex());
        assertEquals(PCR1, m.pcr1Hex()); // normalised to lower case
        assertEquals(PCR2, m.pcr2Hex());
        assertArrayEquals(HexFormat.of().parseHex(PCR2), m.pcr(2));
        assertEquals(m, ImageMeasurements.of(m.pcr(0), m.pcr(1), m.pcr(2)));
    }

    @Test
    void aSignedImagesPcr8IsIgnored() {
        String json = "{\"Measurements\":{\"HashAlgorithm\":\"Sha384 { ... }\",\"PCR0\":\"" + PCR0 + "\",\"PCR1\":\""
                + PCR1 + "\",\"PCR2\":\"" + PCR2 + "\",\"PCR8\":\"" + PCR0 + "\"}}";
        assertEquals(PCR0, ImageMeasurements.fromNitroCliOutput(json).pcr0Hex());
    }

    @Test
    void badFilesAreRefusedWithTheReason() {
        assertRefused("nothing to see", "no JSON object");
        assertRefused("{\"Measurement\": {}}", "no \"Measurements\"");
        assertRefused("{\"Measurements\": {\"PCR0\": \"" + PCR0 + "\", \"PCR1\": \"" + PCR1 + "\"}}", "PCR2");
        assertRefused("{\"Measurements\": {\"HashAlgorithm\": \"Sha256 { ... }\", \"PCR0\": \"" + PCR0 + "\"}}",
                "Sha384");
        assertRefused("{\"Measurements\": {\"PCR0\": \"" + PCR0.substring(2) + "\", \"PCR1\": \"" + PCR1
                + "\", \"PCR2\": \"" + PCR2 + "\"}}", "96 hex digits");
        assertRefused("{\"Measurements\": {\"PCR0\": \"" + "0".repeat(96) + "\", \"PCR1\": \"" + PCR1
                + "\", \"PCR2\": \"" + PCR2 + "\"}}", "debug-mode");
        assertRefused("{\"Measurements\": {\"PCR0\": 5, \"PCR1\": \"" + PCR1 + "\", \"PCR2\": \"" + PCR2 + "\"}}",
                "PCR0");
        assertRefused("{\"Measurements\": {}, \"Measurements\": {}}", "duplicate key");
        assertRefused("{\"Measurements\": {}} trailing", "after the JSON value");
        assertRefused("{\"Measurements\": {\"PCR0\": \"abc", "unterminated string");
    }

    @Test
    void onlyPcr0To2() {
        ImageMeasurements m = ImageMeasurements.fromNitroCliOutput(NITRO_CLI_OUTPUT);
        assertThrows(IllegalArgumentException.class, () -> m.pcr(3));
    }

    private static void assertRefused(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageMeasurements.fromNitroCliOutput(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}

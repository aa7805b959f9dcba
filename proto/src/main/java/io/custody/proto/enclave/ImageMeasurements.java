package io.custody.proto.enclave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The measurements of one enclave image (EIF) as {@code nitro-cli build-enclave} prints them,
 * which the Nitro Secure Module later reports for every enclave started from it: PCR0 (the whole
 * image), PCR1 (kernel and boot ramfs), PCR2 (the application). The enclave pins its peers to
 * them in Nitro mode and the KMS key policy generator writes them into the key policy; both read
 * the same file:
 *
 * <pre>
 * {
 *   "Measurements": {
 *     "HashAlgorithm": "Sha384 { ... }",
 *     "PCR0": "…96 hex digits…",
 *     "PCR1": "…",
 *     "PCR2": "…"
 *   }
 * }
 * </pre>
 *
 * Lines before the first {@code {} (nitro-cli's progress messages) are skipped; further fields
 * (e.g. PCR8 of a signed image) are ignored. Values are lower-case hex, 48 bytes, never all zero
 * (what a debug-mode enclave reports).
 */
public record ImageMeasurements(String pcr0Hex, String pcr1Hex, String pcr2Hex) {
    /** SHA-384 as hex. */
    public static final int HEX_LENGTH = 96;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + HEX_LENGTH + "}");
    private static final String ALL_ZERO = "0".repeat(HEX_LENGTH);

    public ImageMeasurements {
        pcr0Hex = checked("PCR0", pcr0Hex);
        pcr1Hex = checked("PCR1", pcr1Hex);
        pcr2Hex = checked("PCR2", pcr2Hex);
    }

    /** From raw 48-byte values. */
    public static ImageMeasurements of(byte[] pcr0, byte[] pcr1, byte[] pcr2) {
        HexFormat hex = HexFormat.of();
        return new ImageMeasurements(hex.formatHex(pcr0), hex.formatHex(pcr1), hex.formatHex(pcr2));
    }

    /** Reads what {@code nitro-cli build-enclave} printed, saved to {@code file}. */
    public static ImageMeasurements readNitroCliOutput(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return fromNitroCliOutput(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code nitro-cli build-enclave}'s output (or just its JSON). */
    public static ImageMeasurements fromNitroCliOutput(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            throw new IllegalArgumentException("no JSON object in the nitro-cli output");
        }
        if (!(StrictJson.parse(text.substring(start)) instanceof Map<?, ?> root)
                || !(root.get("Measurements") instanceof Map<?, ?> measurements)) {
            throw new IllegalArgumentException("the nitro-cli output has no \"Measurements\" object");
        }
        Object algorithm = measurements.get("HashAlgorithm");
        if (algorithm != null && !(algorithm instanceof String name && name.startsWith("Sha384"))) {
            throw new IllegalArgumentException("HashAlgorithm must be Sha384, got " + algorithm);
        }
        return new ImageMeasurements(field(measurements, "PCR0"), field(measurements, "PCR1"),
                field(measurements, "PCR2"));
    }

    /** PCR {@code index} (0, 1 or 2) as 48 bytes. */
    public byte[] pcr(int index) {
        String hex = switch (index) {
            case 0 -> pcr0Hex;
            case 1 -> pcr1Hex;
            case 2 -> pcr2Hex;
            default -> throw new IllegalArgumentException("an image has PCR0, PCR1 and PCR2, not PCR" + index);
        };
        return HexFormat.of().parseHex(hex);
    }

    private static String field(Map<?, ?> measurements, String name) {
        if (!(measurements.get(name) instanceof String value)) {
            throw new IllegalArgumentException("\"Measurements\" has no string \"" + name + "\"");
        }
        return value;
    }

    private static String checked(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        String hex = value.strip().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(name + " must be " + HEX_LENGTH + " hex digits (SHA-384)");
        }
        if (hex.equals(ALL_ZERO)) {
            throw new IllegalArgumentException(name + " is all zeros: that is what a debug-mode enclave reports");
        }
        return hex;
    }
}

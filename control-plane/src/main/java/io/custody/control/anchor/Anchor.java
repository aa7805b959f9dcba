package io.custody.control.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.control.audit.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One anchored chain head: event {@code sequence} had {@code hash}, as seen at {@code time} by the
 * control plane {@code controlPlaneId}. Stored as canonical JSON at {@code <prefix><sequence, 20
 * digits>.json}, e.g. {@code {"control_plane_id":"cp-1","format":"custody-audit-anchor-v1",
 * "hash":"<64 hex>","sequence":42,"time":"2026-12-04T10:00:00Z"}}.
 */
public record Anchor(long sequence, byte[] hash, Instant time, String controlPlaneId) {

    public static final String FORMAT = "custody-audit-anchor-v1";
    private static final Set<String> FIELDS = Set.of("format", "sequence", "hash", "time", "control_plane_id");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Anchor {
        if (sequence < 1) {
            throw new IllegalArgumentException("an anchor names an event: sequence >= 1");
        }
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException("an anchor's hash is 32 bytes");
        }
        hash = hash.clone();
        Objects.requireNonNull(time, "time");
        if (controlPlaneId == null || controlPlaneId.isBlank()) {
            throw new IllegalArgumentException("controlPlaneId is required");
        }
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The object key under {@code prefix}: zero-padded, so keys sort as sequences do. */
    public static String key(String prefix, long sequence) {
        return prefix + String.format("%020d", sequence) + ".json";
    }

    public byte[] toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("format", FORMAT);
        fields.put("sequence", sequence);
        fields.put("hash", HexFormat.of().formatHex(hash));
        fields.put("time", time.toString());
        fields.put("control_plane_id", controlPlaneId);
        return CanonicalJson.write(fields).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses an anchor object, strictly: exactly the five fields, the right format, a 32-byte hex
     * hash, an ISO-8601 instant.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Anchor parse(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        if (!names.equals(FIELDS)) {
            throw new IllegalArgumentException("fields are " + names + ", expected " + FIELDS);
        }
        if (!FORMAT.equals(node.get("format").asText())) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        if (!node.get("sequence").isIntegralNumber() || !node.get("sequence").canConvertToLong()) {
            throw new IllegalArgumentException("sequence is not an integer");
        }
        String hex = node.get("hash").asText();
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash is not 64 lower-case hex digits");
        }
        try {
            return new Anchor(node.get("sequence").asLong(), HexFormat.of().parseHex(hex),
                    Instant.parse(node.get("time").asText()), node.get("control_plane_id").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time is not an ISO-8601 instant");
        }
    }

    @Override
    public String toString() {
        return "Anchor[" + sequence + " " + HexFormat.of().formatHex(hash) + " at " + time + " by " + controlPlaneId + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Anchor a && a.sequence == sequence && java.util.Arrays.equals(a.hash, hash)
                && a.time.equals(time) && a.controlPlaneId.equals(controlPlaneId);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + java.util.Arrays.hashCode(hash);
    }
}

package io.custody.kmsemu.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A request's {@code EncryptionContext}: string pairs bound to a ciphertext as AES-GCM associated
 * data, so Decrypt must present exactly the same pairs (in any order).
 *
 * <p>Canonical bytes: the pairs sorted by key (UTF-16 order), each written as {@code u32 len ||
 * key (UTF-8) || u32 len || value (UTF-8)}, big-endian, preceded by {@code u32 pair count}.
 */
public record EncryptionContext(SortedMap<String, String> pairs) {

    public static final EncryptionContext EMPTY = new EncryptionContext(new TreeMap<>());

    public EncryptionContext {
        Objects.requireNonNull(pairs, "pairs");
        pairs.forEach((key, value) -> {
            Objects.requireNonNull(key, "context key");
            Objects.requireNonNull(value, "context value");
        });
        pairs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(pairs));
    }

    public static EncryptionContext of(Map<String, String> pairs) {
        return new EncryptionContext(new TreeMap<>(pairs));
    }

    public byte[] canonicalBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, pairs.size());
        pairs.forEach((key, value) -> {
            writeString(out, key);
            writeString(out, value);
        });
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }
}

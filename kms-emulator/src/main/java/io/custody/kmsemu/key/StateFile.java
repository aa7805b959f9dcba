package io.custody.kmsemu.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The keys on disk: one JSON document {@code {"version": 1, "keys": [...]}} holding every key
 * with its material in base64. Written whole each time, to a temporary file with mode 0600 in
 * the same directory, forced to disk and renamed over the old file, so a reader sees the old or
 * the new state and never a torn one.
 */
public final class StateFile {
    private static final int VERSION = 1;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    public StateFile(Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** The keys in the file, or none if it does not exist yet. */
    public List<KmsKey> load() {
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(path.toFile());
            if (root.path("version").asInt() != VERSION) {
                throw new IllegalStateException(path + " is not a version " + VERSION + " kms-emulator state file");
            }
            List<KmsKey> keys = new ArrayList<>();
            for (JsonNode node : root.path("keys")) {
                keys.add(fromJson(node));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state file " + path, e);
        }
    }

    /** Replaces the file's content with {@code keys}, atomically. */
    public void save(Collection<KmsKey> keys) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode array = root.putArray("keys");
        keys.forEach(key -> array.add(toJson(key)));
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode state", e);
        }
        try {
            writeAtomically(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private void writeAtomically(byte[] bytes) {
        Path directory = path.getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + path.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically", e);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + path, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort; the original error is what matters
                }
            }
        }
    }

    private static ObjectNode toJson(KmsKey key) {
        ObjectNode node = JSON.createObjectNode();
        node.put("keyId", key.keyId());
        node.put("arn", key.arn());
        node.put("description", key.description());
        node.put("creationDate", key.creationDate().toString());
        node.put("state", key.state().wireName());
        node.put("policy", key.policy());
        byte[] raw = key.material().exportForStateFile();
        try {
            node.put("material", Base64.getEncoder().encodeToString(raw));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        return node;
    }

    private static KmsKey fromJson(JsonNode node) {
        byte[] raw = Base64.getDecoder().decode(node.path("material").asText());
        try {
            return new KmsKey(
                    node.path("keyId").asText(),
                    node.path("arn").asText(),
                    node.path("description").asText(""),
                    Instant.parse(node.path("creationDate").asText()),
                    KeyState.fromWireName(node.path("state").asText()),
                    node.path("policy").asText(),
                    KeyMaterial.copyOf(raw));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}

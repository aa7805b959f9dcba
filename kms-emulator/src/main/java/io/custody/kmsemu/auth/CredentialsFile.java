package io.custody.kmsemu.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --credentials FILE}:
 *
 * <pre>{@code
 * {"credentials": [
 *   {"accessKeyId": "AKIA...", "secretAccessKey": "...", "principalArn": "arn:aws:iam::111122223333:role/parent"}
 * ]}
 * }</pre>
 *
 * {@code principalArn} may be left out; it then defaults to the configured account's root.
 */
public final class CredentialsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialsFile() {}

    public static List<Credential> read(Path file, String defaultAccount) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<Credential> credentials = new ArrayList<>();
            for (JsonNode node : root.path("credentials")) {
                String principal = node.path("principalArn").asText("");
                credentials.add(new Credential(
                        node.path("accessKeyId").asText(),
                        node.path("secretAccessKey").asText(),
                        principal.isEmpty() ? "arn:aws:iam::" + defaultAccount + ":root" : principal));
            }
            if (credentials.isEmpty()) {
                throw new IllegalArgumentException(file + " lists no credentials");
            }
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials file " + file, e);
        }
    }
}

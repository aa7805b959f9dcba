package io.custody.cli.dev;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may call the dev cluster's KMS emulator: each node's signer host as its own role (the key
 * policy lets a node's role use only that node's data keys, for an enclave attesting that node)
 * and the account's administrator, each with a fresh random secret. The emulator reads them from
 * a 0600 file; each signer gets its own in the environment, as the AWS SDK's default chain expects.
 */
final class KmsCredentials implements AutoCloseable {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":root";
    private static final String ADMIN_KEY_ID = "AKIACUSTODYDEVADMIN0";

    /** Node id to its host's access key id and secret, in node order. */
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final char[] adminSecret = SecretFiles.randomSecret();

    private record Host(String accessKeyId, char[] secret) {}

    private KmsCredentials(List<String> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            hosts.put(nodes.get(i), new Host("AKIACUSTODYDEVHOST" + String.format("%02d", i + 1),
                    SecretFiles.randomSecret()));
        }
    }

    static KmsCredentials generate(List<String> nodes) {
        return new KmsCredentials(nodes);
    }

    /** The IAM role of node {@code node}'s signer host. */
    static String hostRole(String node) {
        return "arn:aws:iam::" + ACCOUNT + ":role/custody-signer-" + node;
    }

    /** {@code dir/kms-credentials.json} in the emulator's {@code --credentials} format. */
    Path writeFile(Path dir) {
        SecretFiles.createDirectory(dir);
        StringBuilder json = new StringBuilder("{\"credentials\": [\n");
        hosts.forEach((node, host) -> json.append("  {\"accessKeyId\": \"").append(host.accessKeyId())
                .append("\", \"secretAccessKey\": \"").append(host.secret())
                .append("\", \"principalArn\": \"").append(hostRole(node)).append("\"},\n"));
        json.append("  {\"accessKeyId\": \"").append(ADMIN_KEY_ID).append("\", \"secretAccessKey\": \"")
                .append(adminSecret).append("\", \"principalArn\": \"").append(ADMIN).append("\"}\n]}\n");
        return SecretFiles.write(dir.resolve("kms-credentials.json"), json.toString());
    }

    /** Node {@code node}'s host's credentials, for its signer only. */
    Map<String, String> hostEnvironment(String node) {
        Host host = hosts.get(node);
        if (host == null) {
            throw new IllegalArgumentException("no KMS credentials for node " + node);
        }
        return environment(host.accessKeyId(), host.secret());
    }

    Map<String, String> adminEnvironment() {
        return environment(ADMIN_KEY_ID, adminSecret);
    }

    private static Map<String, String> environment(String keyId, char[] secret) {
        return Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", new String(secret),
                "AWS_REGION", REGION);
    }

    @Override
    public void close() {
        hosts.values().forEach(host -> Arrays.fill(host.secret(), '\0'));
        Arrays.fill(adminSecret, '\0');
    }

    @Override
    public String toString() {
        return "KmsCredentials[" + hosts.size() + " node hosts, admin " + ADMIN_KEY_ID + "]";
    }
}

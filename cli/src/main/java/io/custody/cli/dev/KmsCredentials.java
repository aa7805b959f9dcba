package io.custody.cli.dev;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Who may call the dev cluster's KMS emulator: the signer hosts' role and the account's
 * administrator, each with a fresh random secret. The emulator reads them from a 0600 file; the
 * signers get theirs in the environment, as the AWS SDK's default chain expects.
 */
final class KmsCredentials implements AutoCloseable {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-east-1";
    static final String SIGNER_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/custody-signer";
    static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":root";
    private static final String SIGNER_KEY_ID = "AKIACUSTODYDEVSIGNER";
    private static final String ADMIN_KEY_ID = "AKIACUSTODYDEVADMIN0";

    private final char[] signerSecret = SecretFiles.randomSecret();
    private final char[] adminSecret = SecretFiles.randomSecret();

    static KmsCredentials generate() {
        return new KmsCredentials();
    }

    /** {@code dir/kms-credentials.json} in the emulator's {@code --credentials} format. */
    Path writeFile(Path dir) {
        SecretFiles.createDirectory(dir);
        return SecretFiles.write(dir.resolve("kms-credentials.json"), "{\"credentials\": [\n"
                + "  {\"accessKeyId\": \"" + SIGNER_KEY_ID + "\", \"secretAccessKey\": \"" + new String(signerSecret)
                + "\", \"principalArn\": \"" + SIGNER_ROLE + "\"},\n"
                + "  {\"accessKeyId\": \"" + ADMIN_KEY_ID + "\", \"secretAccessKey\": \"" + new String(adminSecret)
                + "\", \"principalArn\": \"" + ADMIN + "\"}\n]}\n");
    }

    Map<String, String> signerEnvironment() {
        return environment(SIGNER_KEY_ID, signerSecret);
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
        Arrays.fill(signerSecret, '\0');
        Arrays.fill(adminSecret, '\0');
    }

    @Override
    public String toString() {
        return "KmsCredentials[signer " + SIGNER_KEY_ID + ", admin " + ADMIN_KEY_ID + "]";
    }
}

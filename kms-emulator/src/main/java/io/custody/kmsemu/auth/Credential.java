package io.custody.kmsemu.auth;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One configured caller: the SigV4 access key id, its secret, and the IAM principal ARN key
 * policies see. The secret never appears in {@code toString}.
 */
public record Credential(String accessKeyId, String secretAccessKey, String principalArn) {

    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principalArn, "principalArn");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("access key id and secret must not be blank");
        }
        if (!principalArn.matches("arn:aws:(iam|sts)::\\d{12}:.+")) {
            throw new IllegalArgumentException("principal must be an IAM or STS ARN with a 12-digit account: "
                    + principalArn);
        }
    }

    /** The account root of {@code account} as principal. */
    public static Credential forAccountRoot(String accessKeyId, String secretAccessKey, String account) {
        return new Credential(accessKeyId, secretAccessKey, "arn:aws:iam::" + account + ":root");
    }

    byte[] signingSecret() {
        return ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Credential[" + accessKeyId + " -> " + principalArn + ", secret hidden]";
    }
}

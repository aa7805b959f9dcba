package io.custody.signer.kms;

import java.util.List;
import java.util.Objects;

/**
 * Renders the KMS key and its policy as Terraform ({@code aws_kms_key} plus {@code
 * aws_kms_key_policy}), the policy embedded verbatim as a heredoc of {@link
 * KeyPolicyGenerator#policyJson}. The key is symmetric, rotates yearly and has the longest deletion
 * window; {@code bypass_policy_lockout_safety_check} stays false so KMS itself checks that the
 * policy leaves the key administrable.
 */
public final class TerraformKeySnippet {

    /** Terraform local name of both resources. */
    public static final String RESOURCE_NAME = "custody_enclave";

    private TerraformKeySnippet() {}

    /**
     * @param input the policy input
     * @param headerComments lines written first as {@code #} comments (provenance, how to
     *     regenerate); may be empty
     */
    public static String render(EnclavePolicyInput input, List<String> headerComments) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(headerComments, "headerComments");
        StringBuilder tf = new StringBuilder();
        for (String line : headerComments) {
            tf.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        if (!headerComments.isEmpty()) {
            tf.append('\n');
        }
        tf.append("resource \"aws_kms_key\" \"").append(RESOURCE_NAME).append("\" {\n");
        tf.append("  description              = \"Custody: wraps enclave share keys; released only to attested enclaves\"\n");
        tf.append("  key_usage                = \"ENCRYPT_DECRYPT\"\n");
        tf.append("  customer_master_key_spec = \"SYMMETRIC_DEFAULT\"\n");
        tf.append("  enable_key_rotation      = true\n");
        tf.append("  deletion_window_in_days  = 30\n");
        tf.append("}\n\n");
        tf.append("# Replaces the default key policy right after creation; no share key exists before it.\n");
        tf.append("resource \"aws_kms_key_policy\" \"").append(RESOURCE_NAME).append("\" {\n");
        tf.append("  key_id                             = aws_kms_key.").append(RESOURCE_NAME).append(".id\n");
        tf.append("  bypass_policy_lockout_safety_check = false\n");
        tf.append("  policy                             = <<-POLICY\n");
        for (String line : escapeTemplate(KeyPolicyGenerator.policyJson(input)).split("\n")) {
            tf.append("    ").append(line).append('\n');
        }
        tf.append("  POLICY\n");
        tf.append("}\n");
        return tf.toString();
    }

    /** Heredocs are templates: a literal {@code ${} or {@code %{} must be doubled. */
    private static String escapeTemplate(String json) {
        return json.replace("${", "$${").replace("%{", "%%{");
    }
}

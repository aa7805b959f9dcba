package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerraformKeySnippetTest {

    /** The arguments deploy/kms/enclave-key.tf.example was generated with (see deploy/kms/README.md). */
    static final String[] EXAMPLE_ARGS = {
        "--account", "111122223333",
        "--node", "s1=arn:aws:iam::111122223333:role/custody-signer-s1",
        "--node", "s2=arn:aws:iam::111122223333:role/custody-signer-s2",
        "--node", "s3=arn:aws:iam::111122223333:role/custody-signer-s3",
        "--node", "s4=arn:aws:iam::111122223333:role/custody-signer-s4",
        "--node", "s5=arn:aws:iam::111122223333:role/custody-signer-s5",
        "--pcr0", "5f154fc2c2ffcafab816349cc88a859fe18a149691a9ebac6d308872b02c6abd16038e327f83da2f1283e26d0fadf24d",
        "--pcr0", "b86d2b4992a407292cebe27d3164e83232a4a3a1955c31662ec374572f448e8a2c910fe983737abb00d30e5be38e0fd7",
        "--pcr", "1=3231d723cb87d0693368a3c9e9c3207b6521a28b59da61312e64619bc0ea9bfbe8a0b152f39b968ca2ab9df4830a941b",
        "--pcr", "2=37bd9d3232311a681e7ba0be840f93cb27b6b40333c295baa6ea3a04a3be253cc23fdd035b5a888270f3a54fac3e30a9",
    };

    private static final Path EXAMPLE = Path.of("..", "deploy", "kms", "enclave-key.tf.example");

    private static final EnclavePolicyInput INPUT =
            new EnclavePolicyInput(
                    "111122223333",
                    new java.util.TreeMap<>(Map.of("s1", "arn:aws:iam::111122223333:role/custody-signer-s1")),
                    List.of(Pcrs.sha384Hex("v1")),
                    Map.of(1, List.of(Pcrs.sha384Hex("k"))));

    /** The heredoc body, with Terraform's "<<-" indentation stripping applied. */
    private static String heredocBody(String tf) {
        int start = tf.indexOf("<<-POLICY\n") + "<<-POLICY\n".length();
        int end = tf.indexOf("\n  POLICY\n", start);
        StringBuilder json = new StringBuilder();
        for (String line : tf.substring(start, end).split("\n")) {
            json.append(line.substring(4)).append('\n');
        }
        return json.toString();
    }

    @Test
    void containsBothResourcesAndThePolicyVerbatim() {
        String tf = TerraformKeySnippet.render(INPUT, List.of("header"));
        assertTrue(tf.startsWith("# header\n\n"), tf);
        assertTrue(tf.contains("resource \"aws_kms_key\" \"custody_enclave\" {"), tf);
        assertTrue(tf.contains("resource \"aws_kms_key_policy\" \"custody_enclave\" {"), tf);
        assertTrue(tf.contains("key_id                             = aws_kms_key.custody_enclave.id"), tf);
        assertTrue(tf.contains("enable_key_rotation      = true"), tf);
        assertTrue(tf.contains("bypass_policy_lockout_safety_check = false"), tf);
        assertEquals(KeyPolicyGenerator.policyJson(INPUT), heredocBody(tf));
    }

    @Test
    void embeddedPolicyParsesToTheGeneratedTree() throws Exception {
        String tf = TerraformKeySnippet.render(INPUT, List.of());
        assertEquals(KeyPolicyGenerator.policy(INPUT), new ObjectMapper().readTree(heredocBody(tf)));
    }

    @Test
    void committedExampleIsWhatTheGeneratorWritesToday() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = KeyPolicyMain.run(EXAMPLE_ARGS, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status);
        assertTrue(Files.exists(EXAMPLE), "missing " + EXAMPLE.toAbsolutePath() + "; see deploy/kms/README.md");
        assertEquals(
                out.toString(StandardCharsets.UTF_8),
                Files.readString(EXAMPLE),
                "deploy/kms/enclave-key.tf.example is stale: regenerate it as deploy/kms/README.md says");
    }
}

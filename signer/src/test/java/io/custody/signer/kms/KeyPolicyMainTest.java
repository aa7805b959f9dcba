package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyPolicyMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KeyPolicyMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jsonFormatPrintsTheBarePolicy() throws Exception {
        String pcr0 = Pcrs.sha384Hex("image");
        assertEquals(
                0,
                run("--account", "111122223333", "--signer-role", "arn:aws:iam::111122223333:role/s",
                        "--pcr0", pcr0, "--pcr", "2=" + Pcrs.sha384Hex("app"), "--format", "json"));
        var policy = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        var match = policy.get("Statement").get(1).get("Condition").get("StringEqualsIgnoreCase");
        assertEquals(pcr0, match.get("kms:RecipientAttestation:ImageSha384").get(0).asText());
        assertTrue(match.has("kms:RecipientAttestation:PCR2"));
    }

    @Test
    void badArgumentsExitTwoWithUsage() {
        assertEquals(2, run("--account", "111122223333"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
        assertEquals(2, run("--account", "1", "--signer-role", "arn:aws:iam::111122223333:role/s", "--pcr0", "ab"));
        assertEquals(2, run("--bogus", "x"));
        assertEquals(2, run("--pcr", "one=ab"));
        assertEquals(2, run("--account"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}

package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPolicyMainTest {
    private static final String S1 = "s1=arn:aws:iam::111122223333:role/s1";
    private static final String S2 = "s2=arn:aws:iam::111122223333:role/s2";

    /** What `nitro-cli build-enclave` prints (progress lines, then the measurements). */
    static String nitroCliOutput(String pcr0, String pcr1, String pcr2) {
        return """
                Start building the Enclave Image...
                Enclave Image successfully created.
                {
                  "Measurements": {
                    "HashAlgorithm": "Sha384 { ... }",
                    "PCR0": "%s",
                    "PCR1": "%s",
                    "PCR2": "%s"
                  }
                }
                """.formatted(pcr0, pcr1, pcr2);
    }

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
        assertEquals(0, run("--account", "111122223333", "--node", S1, "--node", S2,
                "--pcr0", pcr0, "--pcr", "2=" + Pcrs.sha384Hex("app"), "--format", "json"));
        JsonNode policy = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode match = policy.get("Statement").get(2).get("Condition").get("StringEqualsIgnoreCase");
        assertEquals(pcr0, match.get("kms:RecipientAttestation:ImageSha384").get(0).asText());
        assertTrue(match.has("kms:RecipientAttestation:PCR2"));
        assertEquals(NodeIdentityPcr.valueHex("s2"), match.get("kms:RecipientAttestation:PCR16").asText());
    }

    @Test
    void theMeasurementsComeFromNitroCliOutput(@TempDir Path dir) throws Exception {
        Path eif = dir.resolve("eif.json");
        Files.writeString(eif, nitroCliOutput(Pcrs.sha384Hex("image"), Pcrs.sha384Hex("kernel"),
                Pcrs.sha384Hex("app")));
        assertEquals(0, run("--account", "111122223333", "--node", S1, "--expected-pcrs", eif.toString(),
                "--format", "json"));
        JsonNode match = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8))
                .get("Statement").get(1).get("Condition").get("StringEqualsIgnoreCase");
        assertEquals(Pcrs.sha384Hex("image"), match.get("kms:RecipientAttestation:ImageSha384").get(0).asText());
        assertEquals(Pcrs.sha384Hex("kernel"), match.get("kms:RecipientAttestation:PCR1").get(0).asText());
        assertEquals(Pcrs.sha384Hex("app"), match.get("kms:RecipientAttestation:PCR2").get(0).asText());
    }

    @Test
    void badArgumentsExitTwoWithUsage(@TempDir Path dir) throws Exception {
        assertEquals(2, run("--account", "111122223333"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
        assertEquals(2, run("--account", "1", "--node", S1, "--pcr0", "ab"));
        assertEquals(2, run("--account", "111122223333", "--node", S1, "--node", S1, "--pcr0",
                Pcrs.sha384Hex("image")));
        assertEquals(2, run("--account", "111122223333", "--node", "s1", "--pcr0", Pcrs.sha384Hex("image")));
        assertEquals(2, run("--account", "111122223333", "--signer-role", "arn:aws:iam::111122223333:role/s",
                "--pcr0", Pcrs.sha384Hex("image")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--signer-role is gone"));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"Measurements\": {}}");
        assertEquals(2, run("--account", "111122223333", "--node", S1, "--expected-pcrs", broken.toString()));
        assertEquals(2, run("--account", "111122223333", "--node", S1, "--expected-pcrs",
                dir.resolve("missing").toString()));
        assertEquals(2, run("--bogus", "x"));
        assertEquals(2, run("--pcr", "one=ab"));
        assertEquals(2, run("--account"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}

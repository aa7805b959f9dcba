package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnclaveKeyMainTest {

    private static final String ROLE = "arn:aws:iam::111122223333:role/custody-signer-s1";
    private static final String NODE = "s1=" + ROLE;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(CannedKmsHttp kms, String... args) {
        return EnclaveKeyMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (endpoint, region) -> kms.client());
    }

    @Test
    void createsTheKeyWithTheGeneratedPolicyAndPrintsItsId() throws Exception {
        CannedKmsHttp kms = CannedKmsHttp.ok("{\"KeyMetadata\":{\"KeyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\","
                + "\"Arn\":\"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}}");
        String pcr0 = Pcrs.sha384Hex("image");
        assertEquals(0, run(kms, "--endpoint", "http://127.0.0.1:1", "--account", "111122223333",
                "--node", NODE, "--pcr0", pcr0));
        assertEquals("1234abcd-12ab-34cd-56ef-1234567890ab\n", out.toString(StandardCharsets.UTF_8));
        var request = new ObjectMapper().readTree(kms.requests().getFirst());
        var policy = new ObjectMapper().readTree(request.get("Policy").asText());
        assertEquals(KeyPolicyGenerator.policyJson(new EnclavePolicyInput("111122223333",
                java.util.Map.of("s1", ROLE), java.util.List.of(pcr0))), request.get("Policy").asText());
        assertTrue(policy.toString().contains(pcr0), "the policy binds the enclave's PCR0");
    }

    @Test
    void aRefusalExitsOneWithKmsMessage() {
        CannedKmsHttp kms = CannedKmsHttp.error(400, "AccessDeniedException", "not allowed");
        assertEquals(1, run(kms, "--endpoint", "http://127.0.0.1:1", "--account", "111122223333",
                "--node", NODE, "--pcr0", Pcrs.sha384Hex("image")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not allowed"), err::toString);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitTwoWithUsageAndNoCall() {
        CannedKmsHttp kms = CannedKmsHttp.ok("{}");
        assertEquals(2, run(kms, "--endpoint", "http://127.0.0.1:1"));
        assertEquals(2, run(kms, "--endpoint", "http://127.0.0.1:1", "--account", "111122223333",
                "--node", NODE, "--pcr0", "00"));
        assertEquals(2, run(kms, "--bogus", "x"));
        assertEquals(2, run(kms, "--pcr0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
        assertTrue(kms.requests().isEmpty());
    }
}

package io.custody.signer.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyPolicyGeneratorTest {

    private static final String ROLE_S1 = "arn:aws:iam::111122223333:role/custody-signer-s1";
    private static final String ROLE_S2 = "arn:aws:iam::111122223333:role/custody-signer-s2";
    private static final String V1 = Pcrs.sha384Hex("image-v1");
    private static final String V2 = Pcrs.sha384Hex("image-v2");
    private static final String KERNEL = Pcrs.sha384Hex("kernel");
    private static final String APP = Pcrs.sha384Hex("app");

    private static final EnclavePolicyInput INPUT = new EnclavePolicyInput("111122223333",
            new TreeMap<>(Map.of("s2", ROLE_S2, "s1", ROLE_S1)), List.of(V1, V2),
            Map.of(2, List.of(APP), 1, List.of(KERNEL)));

    private static JsonNode parse() throws Exception {
        return new ObjectMapper().readTree(KeyPolicyGenerator.policyJson(INPUT));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void hasTheAdminOneStatementPerNodeInNodeOrderThenTheDenies() throws Exception {
        JsonNode policy = parse();
        assertEquals("2012-10-17", policy.get("Version").asText());
        List<String> sids = new ArrayList<>();
        policy.get("Statement").forEach(s -> sids.add(s.get("Sid").asText()));
        assertEquals(
                List.of(
                        KeyPolicyGenerator.SID_ADMIN,
                        "Node s1 host for its own enclave only",
                        "Node s2 host for its own enclave only",
                        KeyPolicyGenerator.SID_DENY_NO_RECIPIENT,
                        KeyPolicyGenerator.SID_DENY_NO_NODE_CONTEXT,
                        KeyPolicyGenerator.SID_DENY_ESCAPES),
                sids);
    }

    @Test
    void adminMayAdministerButNeverUseTheKey() throws Exception {
        JsonNode admin = parse().get("Statement").get(0);
        assertEquals("Allow", admin.get("Effect").asText());
        assertEquals("arn:aws:iam::111122223333:root", admin.get("Principal").get("AWS").asText());
        List<String> actions = texts(admin.get("Action"));
        assertEquals(KeyPolicyGenerator.ADMIN_ACTIONS, actions);
        assertTrue(actions.contains("kms:PutKeyPolicy"));
        for (String forbidden :
                List.of(
                        "kms:*",
                        "kms:Decrypt",
                        "kms:GenerateDataKey",
                        "kms:Encrypt",
                        "kms:ReEncryptFrom",
                        "kms:CreateGrant",
                        "kms:ScheduleKeyDeletion",
                        "kms:GenerateDataKeyPair")) {
            assertFalse(actions.contains(forbidden), forbidden);
        }
        assertTrue(actions.stream().noneMatch(a -> a.contains("*")), "no wildcards for the admin");
        assertNull(admin.get("Condition"));
    }

    @Test
    void eachNodesRoleOnlyWithItsContextItsIdentityAndTheListedMeasurements() throws Exception {
        for (int i = 0; i < 2; i++) {
            String node = "s" + (i + 1);
            JsonNode statement = parse().get("Statement").get(1 + i);
            assertEquals("Allow", statement.get("Effect").asText());
            assertEquals(i == 0 ? ROLE_S1 : ROLE_S2, statement.get("Principal").get("AWS").asText());
            assertEquals(List.of("kms:Decrypt", "kms:GenerateDataKey"), texts(statement.get("Action")));
            JsonNode condition = statement.get("Condition");
            assertEquals(List.of("StringEquals", "StringEqualsIgnoreCase"), iterable(condition.fieldNames()));
            JsonNode context = condition.get("StringEquals");
            assertEquals(List.of("kms:EncryptionContext:custody:node"), iterable(context.fieldNames()));
            assertEquals(node, context.get("kms:EncryptionContext:custody:node").asText());
            JsonNode match = condition.get("StringEqualsIgnoreCase");
            assertEquals(List.of(V1, V2), texts(match.get("kms:RecipientAttestation:ImageSha384")));
            assertEquals(List.of(KERNEL), texts(match.get("kms:RecipientAttestation:PCR1")));
            assertEquals(List.of(APP), texts(match.get("kms:RecipientAttestation:PCR2")));
            assertEquals(NodeIdentityPcr.valueHex(node), match.get("kms:RecipientAttestation:PCR16").asText());
            assertEquals(
                    List.of(
                            "kms:RecipientAttestation:ImageSha384",
                            "kms:RecipientAttestation:PCR1",
                            "kms:RecipientAttestation:PCR2",
                            "kms:RecipientAttestation:PCR16"),
                    iterable(match.fieldNames()));
        }
    }

    @Test
    void everyoneIsDeniedKeyUseWithoutRecipient() throws Exception {
        JsonNode deny = parse().get("Statement").get(3);
        assertEquals("Deny", deny.get("Effect").asText());
        assertEquals("*", deny.get("Principal").asText());
        assertEquals(List.of("kms:Decrypt", "kms:GenerateDataKey"), texts(deny.get("Action")));
        assertEquals("*", deny.get("Resource").asText());
        assertEquals("true", deny.get("Condition").get("Null").get("kms:RecipientAttestation:ImageSha384").asText());
    }

    @Test
    void everyoneIsDeniedKeyUseWithoutANodeContext() throws Exception {
        JsonNode deny = parse().get("Statement").get(4);
        assertEquals("Deny", deny.get("Effect").asText());
        assertEquals("*", deny.get("Principal").asText());
        assertEquals(List.of("kms:Decrypt", "kms:GenerateDataKey"), texts(deny.get("Action")));
        assertEquals("true", deny.get("Condition").get("Null").get("kms:EncryptionContext:custody:node").asText());
    }

    @Test
    void everyoneIsDeniedThePathsAroundAttestation() throws Exception {
        JsonNode deny = parse().get("Statement").get(5);
        assertEquals("Deny", deny.get("Effect").asText());
        assertEquals("*", deny.get("Principal").asText());
        List<String> actions = texts(deny.get("Action"));
        assertTrue(actions.containsAll(List.of("kms:CreateGrant", "kms:ReEncryptFrom", "kms:GenerateDataKeyPair")));
        assertNull(deny.get("Condition"));
    }

    @Test
    void outputIsDeterministicAndPretty() {
        String a = KeyPolicyGenerator.policyJson(INPUT);
        EnclavePolicyInput sameInOtherOrder = new EnclavePolicyInput("111122223333",
                new TreeMap<>(Map.of("s1", ROLE_S1, "s2", ROLE_S2)), List.of(V1.toUpperCase(), V2),
                Map.of(1, List.of(KERNEL), 2, List.of(APP)));
        assertEquals(a, KeyPolicyGenerator.policyJson(sameInOtherOrder));
        assertTrue(a.startsWith("{\n  \"Version\": \"2012-10-17\",\n"), a);
        assertTrue(a.endsWith("}\n"));
        assertFalse(a.contains("\r"));
    }

    @Test
    void partitionFollowsTheRoles() throws Exception {
        EnclavePolicyInput china = new EnclavePolicyInput("111122223333",
                Map.of("s1", "arn:aws-cn:iam::111122223333:role/signer"), List.of(V1));
        JsonNode admin = new ObjectMapper().readTree(KeyPolicyGenerator.policyJson(china)).get("Statement").get(0);
        assertEquals("arn:aws-cn:iam::111122223333:root", admin.get("Principal").get("AWS").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

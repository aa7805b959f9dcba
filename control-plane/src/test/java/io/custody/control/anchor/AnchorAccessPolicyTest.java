package io.custody.control.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnchorAccessPolicyTest {

    private static List<String> allowed(JsonNode policy) {
        List<String> actions = new ArrayList<>();
        policy.get("Statement").forEach(s -> {
            if (s.get("Effect").asText().equals("Allow")) {
                s.get("Action").forEach(a -> actions.add(a.asText()));
            }
        });
        return actions;
    }

    @Test
    void theControlPlaneMayPutAndReadAnchorsOnlyAndTheAuditorMayOnlyRead() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode cp = json.readTree(AnchorAccessPolicy.policyJson(AnchorAccessPolicy.Holder.CONTROL_PLANE, "aws",
                "custody-anchors", "audit-anchors/"));
        assertEquals(List.of("s3:PutObject", "s3:GetObjectVersion", "s3:ListBucketVersions",
                "s3:GetBucketObjectLockConfiguration"), allowed(cp));
        assertEquals("arn:aws:s3:::custody-anchors/audit-anchors/*", cp.get("Statement").get(0).get("Resource").asText());
        assertEquals("audit-anchors/*", cp.get("Statement").get(2).get("Condition").get("StringLike").get("s3:prefix")
                .asText());
        JsonNode deny = cp.get("Statement").get(4);
        assertEquals("Deny", deny.get("Effect").asText());
        List<String> denied = new ArrayList<>();
        deny.get("Action").forEach(a -> denied.add(a.asText()));
        assertTrue(denied.containsAll(List.of("s3:DeleteObjectVersion", "s3:PutObjectRetention",
                "s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration")));
        assertTrue(allowed(cp).stream().noneMatch(denied::contains));

        JsonNode auditor = json.readTree(AnchorAccessPolicy.policyJson(AnchorAccessPolicy.Holder.AUDITOR, "aws",
                "custody-anchors", "audit-anchors/"));
        assertFalse(allowed(auditor).contains("s3:PutObject"));
        assertEquals(List.of("s3:GetObjectVersion", "s3:ListBucketVersions", "s3:GetBucketObjectLockConfiguration"),
                allowed(auditor));
    }

    @Test
    void outputIsDeterministic() {
        String a = AnchorAccessPolicy.policyJson(AnchorAccessPolicy.Holder.CONTROL_PLANE, "aws-us-gov", "b", "p/");
        assertEquals(a, AnchorAccessPolicy.policyJson(AnchorAccessPolicy.Holder.CONTROL_PLANE, "aws-us-gov", "b", "p/"));
        assertTrue(a.startsWith("{\n  \"Version\": \"2012-10-17\",\n"), a);
        assertTrue(a.contains("arn:aws-us-gov:s3:::b/p/*"));
        assertTrue(a.endsWith("}\n"));
    }
}

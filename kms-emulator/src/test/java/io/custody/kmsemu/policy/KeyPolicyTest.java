package io.custody.kmsemu.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/parent";
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/k";

    @Test
    void explicitDenyWinsOverAllow() {
        KeyPolicy policy = KeyPolicyParser.parse("""
                {"Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
                  {"Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decr?pt", "Resource": "*"}]}""");
        assertEquals(KeyPolicy.Decision.EXPLICIT_DENY, policy.decide(request("kms:Decrypt", Map.of())));
        assertEquals(KeyPolicy.Decision.ALLOW, policy.decide(request("kms:Encrypt", Map.of())));
    }

    @Test
    void noApplicableAllowIsImplicitDeny() {
        KeyPolicy policy = KeyPolicyParser.parse("""
                {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                  "Action": "kms:*", "Resource": "*"}}""");
        assertEquals(KeyPolicy.Decision.IMPLICIT_DENY, policy.decide(request("kms:Decrypt", Map.of())));
    }

    @Test
    void missingConditionKeyFailsPositiveAndPassesNegatedAndIfExists() {
        String template = """
                {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
                  "Condition": {"%s": {"kms:RecipientAttestation:ImageSha384": "AB"}}}]}""";
        assertEquals(KeyPolicy.Decision.IMPLICIT_DENY,
                KeyPolicyParser.parse(template.formatted("StringEqualsIgnoreCase")).decide(request("kms:Decrypt", Map.of())));
        assertEquals(KeyPolicy.Decision.ALLOW,
                KeyPolicyParser.parse(template.formatted("StringNotEquals")).decide(request("kms:Decrypt", Map.of())));
        assertEquals(KeyPolicy.Decision.ALLOW,
                KeyPolicyParser.parse(template.formatted("StringEqualsIfExists")).decide(request("kms:Decrypt", Map.of())));
        assertEquals(KeyPolicy.Decision.ALLOW, KeyPolicyParser.parse(template.formatted("StringEqualsIgnoreCase"))
                .decide(request("kms:Decrypt", Map.of("kms:recipientattestation:imagesha384", "ab"))));
        assertEquals(KeyPolicy.Decision.IMPLICIT_DENY, KeyPolicyParser.parse(template.formatted("StringEquals"))
                .decide(request("kms:Decrypt", Map.of("kms:RecipientAttestation:ImageSha384", "ab"))));
    }

    @Test
    void nullDeniesKeyUseWithoutARecipientAttestation() {
        KeyPolicy policy = KeyPolicyParser.parse("""
                {"Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
                  {"Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
                   "Condition": {"Null": {"kms:RecipientAttestation:ImageSha384": "true"}}}]}""");
        assertEquals(KeyPolicy.Decision.EXPLICIT_DENY, policy.decide(request("kms:Decrypt", Map.of())));
        assertEquals(KeyPolicy.Decision.ALLOW,
                policy.decide(request("kms:Decrypt", Map.of("kms:RecipientAttestation:ImageSha384", "ab"))));
    }

    @Test
    void unsupportedLanguageIsMalformed() {
        for (String policy : new String[] {
                "not json",
                "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"NotAction\": \"kms:*\"}]}",
                "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\","
                        + " \"Condition\": {\"NumericLessThan\": {\"a\": \"1\"}}}]}",
                "{\"Statement\": [{\"Effect\": \"Maybe\", \"Principal\": \"*\", \"Action\": \"kms:*\"}]}"}) {
            KmsEmulatorException e = assertThrows(KmsEmulatorException.class, () -> KeyPolicyParser.parse(policy));
            assertEquals(KmsErrorCode.MALFORMED_POLICY, e.code());
        }
    }

    private static AuthorizationRequest request(String action, Map<String, String> conditions) {
        return new AuthorizationRequest(ROLE, action, KEY, conditions);
    }
}

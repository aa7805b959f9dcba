package io.custody.signer.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the key policy of the KMS key that wraps the enclaves' share keys. Four statements:
 *
 * <ol>
 *   <li>{@value #SID_ADMIN}: the account root (and through it, IAM policies in the account) may
 *       administer the key but never use it. The list is an allow-list of {@link #ADMIN_ACTIONS};
 *       a key-policy statement for root also bounds what IAM may delegate, so no IAM policy can
 *       grant {@code kms:Decrypt} on this key. Left out on purpose: every cryptographic action,
 *       {@code kms:CreateGrant} (grants are a second, less visible path to key use),
 *       {@code kms:ScheduleKeyDeletion} (destroying the key destroys every wrapped share: first
 *       change the policy, which is audited) and {@code kms:DisableKeyRotation}. Kept:
 *       {@code kms:PutKeyPolicy}, because adding the next PCR0 in a rolling upgrade is a policy
 *       change; it is the residual trust in the account and must be alarmed on in CloudTrail.
 *   <li>{@value #SID_ENCLAVE}: the signer host role may call {@code kms:Decrypt} and
 *       {@code kms:GenerateDataKey} only with a recipient attestation whose PCR0 (ImageSha384) is
 *       one of the allowed values, and whose extra PCRs match too.
 *   <li>{@value #SID_DENY_NO_RECIPIENT}: an explicit deny for everyone of those two actions
 *       without a recipient attestation, so no principal, not even one granted access later by
 *       mistake, gets a plaintext key.
 *   <li>{@value #SID_DENY_ESCAPES}: an explicit deny for everyone of the actions that could move
 *       key material out of the attested path: re-encryption under another key, grants, and
 *       data key pairs.
 * </ol>
 *
 * <p>Output is deterministic: fixed field order, two-space indent, {@code \n} line ends.
 */
public final class KeyPolicyGenerator {

    public static final String SID_ADMIN = "AccountAdministersButNeverUsesKey";
    public static final String SID_ENCLAVE = "SignerHostForAttestedEnclaveOnly";
    public static final String SID_DENY_NO_RECIPIENT = "DenyKeyUseWithoutRecipientAttestation";
    public static final String SID_DENY_ESCAPES = "DenyPathsAroundAttestation";

    public static final String IMAGE_SHA384 = "kms:RecipientAttestation:ImageSha384";
    public static final String PCR_PREFIX = "kms:RecipientAttestation:PCR";

    /** Administer, never use. */
    public static final List<String> ADMIN_ACTIONS =
            List.of(
                    "kms:DescribeKey",
                    "kms:GetKeyPolicy",
                    "kms:ListKeyPolicies",
                    "kms:PutKeyPolicy",
                    "kms:GetKeyRotationStatus",
                    "kms:EnableKeyRotation",
                    "kms:ListResourceTags",
                    "kms:TagResource",
                    "kms:UntagResource",
                    "kms:ListGrants",
                    "kms:RevokeGrant",
                    "kms:EnableKey",
                    "kms:DisableKey",
                    "kms:CancelKeyDeletion",
                    "kms:UpdateKeyDescription",
                    "kms:CreateAlias",
                    "kms:UpdateAlias",
                    "kms:DeleteAlias");

    /** The only two key uses, and only towards an attested enclave. */
    public static final List<String> KEY_USE_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");

    /** Ways around the recipient check; nobody needs them. */
    public static final List<String> ESCAPE_ACTIONS =
            List.of(
                    "kms:CreateGrant",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                    "kms:GenerateDataKeyPair",
                    "kms:GenerateDataKeyPairWithoutPlaintext");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KeyPolicyGenerator() {}

    /** The policy as a JSON tree, statements in the order documented above. */
    public static ObjectNode policy(EnclavePolicyInput input) {
        ObjectNode policy = NODES.objectNode();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "custody-enclave-key-policy");
        ArrayNode statements = policy.putArray("Statement");
        statements.add(adminStatement(input));
        statements.add(enclaveStatement(input));
        statements.add(denyWithoutRecipient());
        statements.add(denyEscapes());
        return policy;
    }

    /** The policy as pretty-printed JSON ending in a newline. */
    public static String policyJson(EnclavePolicyInput input) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter(
                                Separators.createDefaultInstance()
                                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                        .withObjectIndenter(indenter)
                        .withArrayIndenter(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(policy(input)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode adminStatement(EnclavePolicyInput input) {
        ObjectNode s = statement(SID_ADMIN, "Allow");
        s.putObject("Principal")
                .put("AWS", "arn:" + input.partition() + ":iam::" + input.accountId() + ":root");
        strings(s.putArray("Action"), ADMIN_ACTIONS);
        s.put("Resource", "*");
        return s;
    }

    private static ObjectNode enclaveStatement(EnclavePolicyInput input) {
        ObjectNode s = statement(SID_ENCLAVE, "Allow");
        s.putObject("Principal").put("AWS", input.signerRoleArn());
        strings(s.putArray("Action"), KEY_USE_ACTIONS);
        s.put("Resource", "*");
        ObjectNode match = s.putObject("Condition").putObject("StringEqualsIgnoreCase");
        strings(match.putArray(IMAGE_SHA384), input.allowedPcr0Hex());
        for (Map.Entry<Integer, List<String>> pcr : input.extraPcrs().entrySet()) {
            strings(match.putArray(PCR_PREFIX + pcr.getKey()), pcr.getValue());
        }
        return s;
    }

    private static ObjectNode denyWithoutRecipient() {
        ObjectNode s = statement(SID_DENY_NO_RECIPIENT, "Deny");
        s.put("Principal", "*");
        strings(s.putArray("Action"), KEY_USE_ACTIONS);
        s.put("Resource", "*");
        s.putObject("Condition").putObject("Null").put(IMAGE_SHA384, "true");
        return s;
    }

    private static ObjectNode denyEscapes() {
        ObjectNode s = statement(SID_DENY_ESCAPES, "Deny");
        s.put("Principal", "*");
        strings(s.putArray("Action"), ESCAPE_ACTIONS);
        s.put("Resource", "*");
        return s;
    }

    private static ObjectNode statement(String sid, String effect) {
        ObjectNode s = NODES.objectNode();
        s.put("Sid", sid);
        s.put("Effect", effect);
        return s;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}

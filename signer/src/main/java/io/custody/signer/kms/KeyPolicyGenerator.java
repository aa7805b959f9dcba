package io.custody.signer.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the key policy of the KMS key that wraps the enclaves' share keys: one key for all nodes,
 * with one statement per node that binds that node's host role, its encryption context and its
 * enclave's attested node identity together. Statements, in this order:
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
 *   <li>per node N ({@link #nodeSid}, e.g. {@code Node s1 host for its own enclave only}): N's host role
 *       may call {@code kms:Decrypt} and {@code kms:GenerateDataKey} only with the encryption
 *       context {@code custody:node} = N ({@code StringEquals}, case-sensitive) and a recipient
 *       attestation whose PCR0 (ImageSha384) is one of the allowed values, whose extra PCRs match,
 *       and whose PCR16 is N's identity ({@link NodeIdentityPcr}). So node 3's host, even with a
 *       genuine enclave, gets no data key of node 2: not with node 2's context (wrong role), not
 *       with its own context (the blob was made under node 2's, so it does not decrypt), and not
 *       from an enclave it booted as node 2 (its role is not node 2's).
 *   <li>{@value #SID_DENY_NO_RECIPIENT}: an explicit deny for everyone of those two actions
 *       without a recipient attestation, so no principal, not even one granted access later by
 *       mistake, gets a plaintext key.
 *   <li>{@value #SID_DENY_NO_NODE_CONTEXT}: an explicit deny for everyone of those two actions
 *       without a {@code custody:node} encryption context, so no key is ever made or opened that
 *       no node's statement could have allowed.
 *   <li>{@value #SID_DENY_ESCAPES}: an explicit deny for everyone of the actions that could move
 *       key material out of the attested path: re-encryption under another key, grants, and
 *       data key pairs.
 * </ol>
 *
 * <p>Output is deterministic: fixed field order, two-space indent, {@code \n} line ends.
 */
public final class KeyPolicyGenerator {

    public static final String SID_ADMIN = "AccountAdministersButNeverUsesKey";
    public static final String SID_DENY_NO_RECIPIENT = "DenyKeyUseWithoutRecipientAttestation";
    public static final String SID_DENY_NO_NODE_CONTEXT = "DenyKeyUseWithoutNodeEncryptionContext";
    public static final String SID_DENY_ESCAPES = "DenyPathsAroundAttestation";

    public static final String IMAGE_SHA384 = "kms:RecipientAttestation:ImageSha384";
    public static final String PCR_PREFIX = "kms:RecipientAttestation:PCR";
    /** The node's attested identity ({@link NodeIdentityPcr#INDEX}). */
    public static final String NODE_IDENTITY_PCR = PCR_PREFIX + NodeIdentityPcr.INDEX;
    /** The encryption context entry that names the node a data key belongs to. */
    public static final String NODE_CONTEXT = "kms:EncryptionContext:" + KmsDataKeySource.NODE_CONTEXT_KEY;

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
        input.nodeRoles().forEach((node, role) -> statements.add(nodeStatement(input, node, role)));
        statements.add(denyWithoutRecipient());
        statements.add(denyWithoutNodeContext());
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

    /**
     * The statement id of node {@code nodeId}'s statement, e.g. {@code Node s1 host for its own
     * enclave only}: unique per node (node ids are unique); key policy Sids may contain spaces.
     */
    public static String nodeSid(String nodeId) {
        return "Node " + NodeIdentityPcr.requireNodeId(nodeId) + " host for its own enclave only";
    }

    private static ObjectNode nodeStatement(EnclavePolicyInput input, String node, String role) {
        ObjectNode s = statement(nodeSid(node), "Allow");
        s.putObject("Principal").put("AWS", role);
        strings(s.putArray("Action"), KEY_USE_ACTIONS);
        s.put("Resource", "*");
        ObjectNode condition = s.putObject("Condition");
        condition.putObject("StringEquals").put(NODE_CONTEXT, node);
        ObjectNode match = condition.putObject("StringEqualsIgnoreCase");
        strings(match.putArray(IMAGE_SHA384), input.allowedPcr0Hex());
        for (Map.Entry<Integer, List<String>> pcr : input.extraPcrs().entrySet()) {
            strings(match.putArray(PCR_PREFIX + pcr.getKey()), pcr.getValue());
        }
        match.put(NODE_IDENTITY_PCR, NodeIdentityPcr.valueHex(node));
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

    private static ObjectNode denyWithoutNodeContext() {
        ObjectNode s = statement(SID_DENY_NO_NODE_CONTEXT, "Deny");
        s.put("Principal", "*");
        strings(s.putArray("Action"), KEY_USE_ACTIONS);
        s.put("Resource", "*");
        s.putObject("Condition").putObject("Null").put(NODE_CONTEXT, "true");
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

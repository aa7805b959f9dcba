package io.custody.control.anchor;

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

/**
 * The IAM identity policies for the anchor bucket, in the style of the signer's
 * {@code KeyPolicyGenerator}. Two principals:
 *
 * <ul>
 *   <li>{@link Holder#CONTROL_PLANE}: writes anchors ({@code s3:PutObject} on the prefix, nothing
 *       else that writes) and reads them for VerifyAuditChain (list versions under the prefix, get
 *       a version, read the bucket's lock configuration, which it checks at start). Without
 *       {@code s3:PutObjectRetention} it cannot lock a version any other way than the bucket's
 *       COMPLIANCE default.
 *   <li>{@link Holder#AUDITOR}: the reads only, for whoever checks the chain independently of the
 *       control plane's host (a compromised host answers VerifyAuditChain as it likes; the anchors
 *       and the events' hashes do not depend on it).
 * </ul>
 *
 * Both end in {@value #SID_DENY}: an explicit deny of every action that removes, unlocks or
 * re-configures, so a broader grant added later by mistake cannot reach them. COMPLIANCE retention
 * already refuses the deletes to everyone; the deny keeps delete markers and configuration changes
 * out too. Output is deterministic: fixed order, two-space indent, {@code \n} line ends.
 */
public final class AnchorAccessPolicy {

    /** Who the policy is for. */
    public enum Holder { CONTROL_PLANE, AUDITOR }

    public static final String SID_WRITE = "WriteAnchors";
    public static final String SID_READ = "ReadAnchorVersions";
    public static final String SID_LIST = "ListAnchorVersions";
    public static final String SID_LOCK = "CheckBucketLock";
    public static final String SID_DENY = "DenyRemovingUnlockingOrReconfiguring";

    public static final List<String> READ_ACTIONS = List.of("s3:GetObjectVersion");
    public static final List<String> DENIED_ACTIONS = List.of(
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:PutObjectRetention",
            "s3:PutObjectLegalHold",
            "s3:BypassGovernanceRetention",
            "s3:PutBucketObjectLockConfiguration",
            "s3:PutBucketVersioning",
            "s3:PutLifecycleConfiguration",
            "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy",
            "s3:DeleteBucket");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnchorAccessPolicy() {}

    /** The policy for {@code holder} on {@code bucket}'s {@code prefix} in {@code partition} ("aws"). */
    public static ObjectNode policy(Holder holder, String partition, String bucket, String prefix) {
        String bucketArn = "arn:" + partition + ":s3:::" + bucket;
        String objects = bucketArn + "/" + prefix + "*";
        ObjectNode policy = NODES.objectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        if (holder == Holder.CONTROL_PLANE) {
            statements.add(allow(SID_WRITE, List.of("s3:PutObject"), objects));
        }
        statements.add(allow(SID_READ, READ_ACTIONS, objects));
        ObjectNode list = allow(SID_LIST, List.of("s3:ListBucketVersions"), bucketArn);
        list.putObject("Condition").putObject("StringLike").put("s3:prefix", prefix + "*");
        statements.add(list);
        statements.add(allow(SID_LOCK, List.of("s3:GetBucketObjectLockConfiguration"), bucketArn));
        ObjectNode deny = statement(SID_DENY, "Deny", DENIED_ACTIONS);
        ArrayNode resources = deny.putArray("Resource");
        resources.add(bucketArn);
        resources.add(bucketArn + "/*");
        statements.add(deny);
        return policy;
    }

    /** The policy as pretty-printed JSON ending in a newline. */
    public static String policyJson(Holder holder, String partition, String bucket, String prefix) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(policy(holder, partition, bucket, prefix)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode allow(String sid, List<String> actions, String resource) {
        ObjectNode s = statement(sid, "Allow", actions);
        s.put("Resource", resource);
        return s;
    }

    private static ObjectNode statement(String sid, String effect, List<String> actions) {
        ObjectNode s = NODES.objectNode();
        s.put("Sid", sid);
        s.put("Effect", effect);
        ArrayNode array = s.putArray("Action");
        actions.forEach(array::add);
        return s;
    }
}

package io.custody.signer.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signer node's Postgres login role: {@code custody_node_<id>} with dashes as underscores.
 * Node ids that get a role are restricted to lower-case letters, digits, {@code -} and
 * {@code _} (at most 50, so the role name fits Postgres' 63-byte limit), which also keeps the
 * name safe to quote into DDL.
 */
public record NodeRole(String nodeId, String roleName) {
    public static final String PREFIX = "custody_node_";
    /** The group role every node role belongs to; it holds the grants and the policies. */
    public static final String GROUP = "custody_node";

    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

    public NodeRole {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(roleName, "roleName");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException(
                    "node id must match " + NODE_ID.pattern() + ", was \"" + nodeId + "\"");
        }
        if (!roleName.equals(roleNameOf(nodeId))) {
            throw new IllegalArgumentException("role name of node " + nodeId + " must be "
                    + roleNameOf(nodeId) + ", was " + roleName);
        }
    }

    public static NodeRole of(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        return new NodeRole(nodeId, roleNameOf(nodeId));
    }

    private static String roleNameOf(String nodeId) {
        return PREFIX + nodeId.replace('-', '_');
    }
}

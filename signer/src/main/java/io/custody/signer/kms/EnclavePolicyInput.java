package io.custody.signer.kms;

import io.custody.proto.enclave.ImageMeasurements;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the enclave key policy binds: who administers the key, which host role of which node may
 * ask for keys, and which enclave measurements those keys may be released to.
 *
 * @param accountId the 12-digit AWS account that owns the key
 * @param nodeRoles node id to the IAM role of that node's signer host (its parent instance); one
 *     distinct role per node, since a role shared by two nodes would let either host ask for the
 *     other's keys. Sorted by node id.
 * @param allowedPcr0Hex enclave image measurements (PCR0, SHA-384, 96 hex digits) allowed to
 *     receive keys; more than one during a rolling upgrade. Normalized to lower case.
 * @param extraPcrs further PCRs (1 to 31, but not 16, which carries the node identity and is
 *     bound per node) that must also match, each with its allowed values; typically PCR1 (kernel
 *     and boot ramfs) and PCR2 (application). Sorted by index.
 */
public record EnclavePolicyInput(
        String accountId, SortedMap<String, String> nodeRoles, List<String> allowedPcr0Hex,
        Map<Integer, List<String>> extraPcrs) {

    /** SHA-384 in hex. */
    public static final int PCR_HEX_LENGTH = 96;

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + PCR_HEX_LENGTH + "}");
    private static final String ALL_ZERO = "0".repeat(PCR_HEX_LENGTH);

    public EnclavePolicyInput {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(nodeRoles, "nodeRoles");
        Objects.requireNonNull(extraPcrs, "extraPcrs");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits, got '" + accountId + "'");
        }
        nodeRoles = checkedRoles(nodeRoles);
        allowedPcr0Hex = measurements("PCR0", allowedPcr0Hex);
        TreeMap<Integer, List<String>> sorted = new TreeMap<>();
        for (Map.Entry<Integer, List<String>> e : extraPcrs.entrySet()) {
            Integer index = Objects.requireNonNull(e.getKey(), "PCR index");
            if (index < 1 || index > 31) {
                throw new IllegalArgumentException(
                        "extra PCR index must be 1 to 31 (PCR0 goes in allowedPcr0Hex), got " + index);
            }
            if (index == NodeIdentityPcr.INDEX) {
                throw new IllegalArgumentException("PCR16 carries each node's identity and is bound per node;"
                        + " it cannot be given as an extra PCR");
            }
            sorted.put(index, measurements("PCR" + index, e.getValue()));
        }
        extraPcrs = Collections.unmodifiableSortedMap(sorted);
    }

    /** Only PCR0 bound: the image measurement. */
    public EnclavePolicyInput(String accountId, Map<String, String> nodeRoles, List<String> allowedPcr0Hex) {
        this(accountId, new TreeMap<>(nodeRoles), allowedPcr0Hex, Map.of());
    }

    /**
     * PCR0, PCR1 and PCR2 of the images {@code nitro-cli build-enclave} measured (one, or two during
     * a rolling upgrade): the key is released only to an enclave started from one of them.
     */
    public static EnclavePolicyInput forImages(String accountId, Map<String, String> nodeRoles,
                                               List<ImageMeasurements> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("at least one image's measurements are required");
        }
        Set<String> pcr0 = new LinkedHashSet<>();
        Set<String> pcr1 = new LinkedHashSet<>();
        Set<String> pcr2 = new LinkedHashSet<>();
        for (ImageMeasurements image : images) {
            pcr0.add(image.pcr0Hex());
            pcr1.add(image.pcr1Hex());
            pcr2.add(image.pcr2Hex());
        }
        return new EnclavePolicyInput(accountId, new TreeMap<>(nodeRoles), List.copyOf(pcr0),
                Map.of(1, List.copyOf(pcr1), 2, List.copyOf(pcr2)));
    }

    /** The account's partition, taken from the role ARNs ({@code aws}, {@code aws-cn}, ...). */
    public String partition() {
        return nodeRoles.values().iterator().next().split(":", 3)[1];
    }

    private static SortedMap<String, String> checkedRoles(Map<String, String> nodeRoles) {
        if (nodeRoles.isEmpty()) {
            throw new IllegalArgumentException("at least one node and its host role are required");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        Set<String> roles = new HashSet<>();
        Set<String> partitions = new HashSet<>();
        for (Map.Entry<String, String> e : nodeRoles.entrySet()) {
            String node = NodeIdentityPcr.requireNodeId(e.getKey());
            String role = Objects.requireNonNull(e.getValue(), "role of node " + node);
            if (!ROLE_ARN.matcher(role).matches()) {
                throw new IllegalArgumentException("the host role of node " + node + " must be an IAM role ARN"
                        + " (arn:aws:iam::<12 digits>:role/<name>), got '" + role + "'");
            }
            if (!roles.add(role)) {
                throw new IllegalArgumentException("role " + role + " is given to two nodes: each node's host needs"
                        + " its own role, or one host could ask for the other node's keys");
            }
            partitions.add(role.split(":", 3)[1]);
            sorted.put(node, role);
        }
        if (partitions.size() > 1) {
            throw new IllegalArgumentException("the node roles are in different partitions: " + partitions);
        }
        return Collections.unmodifiableSortedMap(sorted);
    }

    private static List<String> measurements(String name, List<String> values) {
        Objects.requireNonNull(values, name + " values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException(name + ": at least one allowed value is required");
        }
        List<String> out = new ArrayList<>(values.size());
        HashSet<String> seen = new HashSet<>();
        for (String raw : values) {
            Objects.requireNonNull(raw, name + " value");
            String hex = raw.strip().toLowerCase(Locale.ROOT);
            if (hex.length() != PCR_HEX_LENGTH) {
                throw new IllegalArgumentException(
                        name + " must be " + PCR_HEX_LENGTH + " hex digits (SHA-384), got " + hex.length());
            }
            if (!HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException(name + " must contain hex digits only");
            }
            if (hex.equals(ALL_ZERO)) {
                throw new IllegalArgumentException(
                        name + " is all zeros: that is what a debug-mode enclave reports; never allow it");
            }
            if (!seen.add(hex)) {
                throw new IllegalArgumentException(name + " lists the same value twice: " + hex);
            }
            out.add(hex);
        }
        return List.copyOf(out);
    }
}

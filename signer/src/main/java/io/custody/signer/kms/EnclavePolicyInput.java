package io.custody.signer.kms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the enclave key policy binds: who administers the key, which host role may ask for keys,
 * and which enclave measurements those keys may be released to.
 *
 * @param accountId the 12-digit AWS account that owns the key
 * @param signerRoleArn the IAM role of the signer hosts (the parent instances)
 * @param allowedPcr0Hex enclave image measurements (PCR0, SHA-384, 96 hex digits) allowed to
 *     receive keys; more than one during a rolling upgrade. Normalized to lower case.
 * @param extraPcrs further PCRs (1 to 31) that must also match, each with its allowed values;
 *     typically PCR1 (kernel and boot ramfs) and PCR2 (application). Sorted by index.
 */
public record EnclavePolicyInput(
        String accountId, String signerRoleArn, List<String> allowedPcr0Hex, Map<Integer, List<String>> extraPcrs) {

    /** SHA-384 in hex. */
    public static final int PCR_HEX_LENGTH = 96;

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + PCR_HEX_LENGTH + "}");
    private static final String ALL_ZERO = "0".repeat(PCR_HEX_LENGTH);

    public EnclavePolicyInput {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(signerRoleArn, "signerRoleArn");
        Objects.requireNonNull(extraPcrs, "extraPcrs");
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits, got '" + accountId + "'");
        }
        if (!ROLE_ARN.matcher(signerRoleArn).matches()) {
            throw new IllegalArgumentException(
                    "signerRoleArn must be an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>), got '"
                            + signerRoleArn + "'");
        }
        allowedPcr0Hex = measurements("PCR0", allowedPcr0Hex);
        TreeMap<Integer, List<String>> sorted = new TreeMap<>();
        for (Map.Entry<Integer, List<String>> e : extraPcrs.entrySet()) {
            Integer index = Objects.requireNonNull(e.getKey(), "PCR index");
            if (index < 1 || index > 31) {
                throw new IllegalArgumentException(
                        "extra PCR index must be 1 to 31 (PCR0 goes in allowedPcr0Hex), got " + index);
            }
            sorted.put(index, measurements("PCR" + index, e.getValue()));
        }
        extraPcrs = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** Only PCR0 bound: the image measurement. */
    public EnclavePolicyInput(String accountId, String signerRoleArn, List<String> allowedPcr0Hex) {
        this(accountId, signerRoleArn, allowedPcr0Hex, Map.of());
    }

    /** The account's partition, taken from the role ARN ({@code aws}, {@code aws-cn}, ...). */
    public String partition() {
        return signerRoleArn.split(":", 3)[1];
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

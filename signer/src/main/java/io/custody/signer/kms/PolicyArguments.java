package io.custody.signer.kms;

import io.custody.proto.enclave.ImageMeasurements;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The key policy flags {@link KeyPolicyMain} and {@link EnclaveKeyMain} share:
 *
 * <pre>
 * --account ID  --node ID=ROLE_ARN ...  (--expected-pcrs FILE ... | --pcr0 HEX ... [--pcr N=HEX ...])
 * </pre>
 *
 * {@code --expected-pcrs} reads what {@code nitro-cli build-enclave} printed (PCR0, PCR1 and PCR2
 * of an image; give two files during a rolling upgrade), the same file the enclave is started
 * with; {@code --pcr0}/{@code --pcr} give values by hand and may be combined with it.
 */
final class PolicyArguments {
    static final String USAGE = "--account ID --node ID=ROLE_ARN [--node ID=ROLE_ARN ...]"
            + " (--expected-pcrs FILE [--expected-pcrs FILE] | --pcr0 HEX [--pcr0 HEX ...] [--pcr N=HEX ...])";

    private String account;
    private final Map<String, String> nodeRoles = new LinkedHashMap<>();
    private final List<ImageMeasurements> images = new ArrayList<>();
    private final Set<String> pcr0 = new LinkedHashSet<>();
    private final Map<Integer, Set<String>> extra = new TreeMap<>();

    /** Consumes {@code flag value} if it is one of the policy flags; false if it is not. */
    boolean accept(String flag, String value) {
        switch (flag) {
            case "--account" -> account = value;
            case "--node" -> addNode(value);
            case "--expected-pcrs" -> images.add(read(value));
            case "--pcr0" -> pcr0.add(value);
            case "--pcr" -> addPcr(value);
            case "--signer-role" -> throw new IllegalArgumentException("--signer-role is gone: each node's host has"
                    + " its own role, bound to that node's data keys; give --node ID=ROLE_ARN per node");
            default -> {
                return false;
            }
        }
        return true;
    }

    EnclavePolicyInput input() {
        if (account == null || nodeRoles.isEmpty() || (images.isEmpty() && pcr0.isEmpty())) {
            throw new IllegalArgumentException("--account, at least one --node and the enclave measurements"
                    + " (--expected-pcrs or --pcr0) are required");
        }
        for (ImageMeasurements image : images) {
            pcr0.add(image.pcr0Hex());
            extra.computeIfAbsent(1, i -> new LinkedHashSet<>()).add(image.pcr1Hex());
            extra.computeIfAbsent(2, i -> new LinkedHashSet<>()).add(image.pcr2Hex());
        }
        Map<Integer, List<String>> extraPcrs = new TreeMap<>();
        extra.forEach((index, values) -> extraPcrs.put(index, List.copyOf(values)));
        return new EnclavePolicyInput(account, new TreeMap<>(nodeRoles), List.copyOf(pcr0), extraPcrs);
    }

    private void addNode(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--node takes ID=ROLE_ARN, got '" + value + "'");
        }
        if (nodeRoles.put(value.substring(0, eq), value.substring(eq + 1)) != null) {
            throw new IllegalArgumentException("--node " + value.substring(0, eq) + " is given twice");
        }
    }

    private void addPcr(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--pcr takes N=HEX, got '" + value + "'");
        }
        int index;
        try {
            index = Integer.parseInt(value.substring(0, eq));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pcr index must be a number, got '" + value + "'");
        }
        extra.computeIfAbsent(index, k -> new LinkedHashSet<>()).add(value.substring(eq + 1));
    }

    private static ImageMeasurements read(String file) {
        try {
            return ImageMeasurements.readNitroCliOutput(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--expected-pcrs " + file + " cannot be read: " + e.getMessage());
        }
    }
}

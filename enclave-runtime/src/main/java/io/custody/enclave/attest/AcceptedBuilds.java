package io.custody.enclave.attest;

import io.custody.proto.enclave.ImageMeasurements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The builds whose enclaves this enclave accepts as peers, as the PCR values its verifier pins:
 *
 * <ul>
 *   <li><b>Nitro</b> ({@link #nitro}): PCR0, PCR1 and PCR2 of every accepted image, as
 *       {@code nitro-cli build-enclave} printed them; the running image must be one of them. More
 *       than one image only during a rolling upgrade. Values are allowed per index, so two images
 *       also admit their cross-combinations; that adds nothing, since PCR0 alone hashes the whole
 *       image (PCR1 and PCR2 measure parts of it).
 *   <li><b>Dev</b> ({@link #dev}): PCR0 only, the jar's hash of this build plus any extra builds.
 * </ul>
 *
 * @param pinned PCR index to the values allowed there (48 bytes each); never empty
 */
public record AcceptedBuilds(Map<Integer, List<byte[]>> pinned) {

    public AcceptedBuilds {
        TreeMap<Integer, List<byte[]>> copy = new TreeMap<>();
        pinned.forEach((index, values) -> copy.put(index, values.stream().map(byte[]::clone).toList()));
        if (copy.isEmpty() || copy.values().stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("accepting no build would refuse every peer; pin at least PCR0");
        }
        pinned = Collections.unmodifiableSortedMap(copy);
    }

    /** Peers must run one of these images (PCR0, PCR1 and PCR2 pinned). */
    public static AcceptedBuilds nitro(List<ImageMeasurements> images) {
        Map<Integer, List<byte[]>> pins = new TreeMap<>();
        for (ImageMeasurements image : images) {
            for (int index = 0; index <= 2; index++) {
                pins.computeIfAbsent(index, i -> new ArrayList<>()).add(image.pcr(index));
            }
        }
        return new AcceptedBuilds(pins);
    }

    /** Peers must run this build or one of {@code extraPcr0} (PCR0 pinned). */
    public static AcceptedBuilds dev(Measurements own, List<byte[]> extraPcr0) {
        List<byte[]> pcr0 = new ArrayList<>();
        pcr0.add(own.pcr0());
        pcr0.addAll(extraPcr0);
        return new AcceptedBuilds(Map.of(0, pcr0));
    }

    /** Adds these pins to a verification policy. */
    public VerificationPolicy.Builder pinInto(VerificationPolicy.Builder policy) {
        pinned.forEach((index, values) -> values.forEach(value -> policy.allowPcr(index, value)));
        return policy;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("AcceptedBuilds[");
        pinned.forEach((index, values) -> out.append("PCR").append(index).append(": ").append(values.size())
                .append(values.size() == 1 ? " value; " : " values; "));
        return out.append(']').toString();
    }
}

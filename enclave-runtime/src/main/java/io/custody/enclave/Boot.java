package io.custody.enclave;

import io.custody.enclave.attest.AcceptedBuilds;
import io.custody.enclave.attest.Attestor;
import io.custody.enclave.attest.AttestorFailedException;
import io.custody.enclave.attest.DevAttestor;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.NsmAttestor;
import io.custody.proto.enclave.ImageMeasurements;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.util.List;

/**
 * What the enclave establishes before it serves anything: its attestor, its own measurements (for
 * status) and the builds it accepts from peers, with the node identity bound into every document.
 *
 * <ul>
 *   <li>Nitro: the running image's PCR0/1/2 come from the NSM, never from configuration, and must
 *       be one of the expected images ({@code --expected-pcrs}); the node id is extended into
 *       PCR16 and locked. Peers must run an expected image.
 *   <li>Dev: PCR0 is the jar's hash ({@link Measurements#ofThisEnclave}), the dev attestor reports
 *       PCR16 for the node id. Peers must run this build or an {@code --allow-pcr0} build.
 * </ul>
 */
record Boot(Attestor attestor, Measurements own, AcceptedBuilds peers, String nodeId) {

    Boot {
        NodeIdentityPcr.requireNodeId(nodeId);
    }

    static Boot dev(String nodeId, List<byte[]> extraPcr0) {
        Measurements own = Measurements.ofThisEnclave();
        return new Boot(DevAttestor.start(own, nodeId), own, AcceptedBuilds.dev(own, extraPcr0), nodeId);
    }

    static Boot nitro(NsmAttestor nsm, String nodeId, List<ImageMeasurements> expected) throws AttestorFailedException {
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("Nitro mode needs the expected measurements (--expected-pcrs FILE)");
        }
        ImageMeasurements running = nsm.requireImageAmong(expected);
        nsm.bindNodeIdentity(nodeId);
        return new Boot(nsm, Measurements.of(running), AcceptedBuilds.nitro(expected), nodeId);
    }
}

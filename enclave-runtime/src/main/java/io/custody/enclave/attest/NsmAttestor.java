package io.custody.enclave.attest;

import io.custody.proto.enclave.ImageMeasurements;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The production attestor: asks the Nitro Secure Module for a document through {@code /dev/nsm}.
 * The NSM fills in the PCRs, the module id and a certificate chain to the AWS Nitro root; this
 * class only passes the nonce, user data and public key and returns the document unchanged.
 *
 * <p>At boot it also reads the image's own measurements ({@link #imageMeasurements}) and binds the
 * node identity into PCR16 ({@link #bindNodeIdentity}), so that every document carries it.
 *
 * <p>Opened once at boot (failing fast outside an enclave) and closed at shutdown; calls are
 * serialised.
 */
public final class NsmAttestor implements Attestor, AutoCloseable {

    private final NsmChannel device;

    NsmAttestor(NsmChannel device) {
        this.device = device;
    }

    /** Opens {@code /dev/nsm}; fails with a clear message when not inside a Nitro Enclave. */
    public static NsmAttestor open() throws AttestorFailedException {
        return open(NsmDevice.DEFAULT_PATH);
    }

    static NsmAttestor open(Path device) throws AttestorFailedException {
        return new NsmAttestor(NsmDevice.open(device));
    }

    @Override
    public synchronized byte[] attest(byte[] nonce, byte[] userData, byte[] publicKey)
            throws AttestorFailedException {
        return NsmProtocol.attestationDocument(exchange(
                NsmProtocol.attestationRequest(new AttestationRequest(nonce, userData, publicKey))));
    }

    /** PCR0, PCR1 and PCR2 of the running image, as the NSM reports them (never configuration). */
    public synchronized ImageMeasurements imageMeasurements() throws AttestorFailedException {
        try {
            return ImageMeasurements.of(describePcr(0).value(), describePcr(1).value(), describePcr(2).value());
        } catch (IllegalArgumentException e) {
            throw new AttestorFailedException("the NSM reports unusable image measurements: " + e.getMessage());
        }
    }

    /**
     * The running image's measurements if they are one of {@code expected} (what nitro-cli printed
     * for the images this deployment runs); otherwise this enclave refuses to start.
     */
    public ImageMeasurements requireImageAmong(List<ImageMeasurements> expected) throws AttestorFailedException {
        ImageMeasurements running = imageMeasurements();
        if (!expected.contains(running)) {
            throw new AttestorFailedException("this enclave runs the image with PCR0 " + running.pcr0Hex()
                    + ", PCR1 " + running.pcr1Hex() + ", PCR2 " + running.pcr2Hex()
                    + ", which no --expected-pcrs file lists: wrong image or wrong measurements file");
        }
        return running;
    }

    /**
     * Extends PCR16 once with {@link NodeIdentityPcr#extension} of {@code nodeId} and locks it, so
     * every later document attests this node. Must run before the enclave serves anything.
     * Idempotent for the same node (a restarted process in the same enclave finds it locked with
     * that value); refuses when PCR16 holds anything else, locked or not, since then either
     * another node id was bound or something else extended it.
     */
    public synchronized void bindNodeIdentity(String nodeId) throws AttestorFailedException {
        byte[] expected = NodeIdentityPcr.value(nodeId);
        NsmPcr before = describePcr(NodeIdentityPcr.INDEX);
        if (before.locked()) {
            if (!MessageDigest.isEqual(before.value(), expected)) {
                throw new AttestorFailedException("PCR16 is already locked with " + HexFormat.of().formatHex(
                        before.value()) + ", not the identity of node " + nodeId + ": was this enclave started as"
                        + " another node?");
            }
            return;
        }
        if (!before.isZero()) {
            throw new AttestorFailedException("PCR16 is not zero before the node identity is bound: refusing to"
                    + " attest a node identity something else extended");
        }
        byte[] extended = NsmProtocol.extendedPcr(exchange(
                NsmProtocol.extendPcrRequest(NodeIdentityPcr.INDEX, NodeIdentityPcr.extension(nodeId))));
        if (!MessageDigest.isEqual(extended, expected)) {
            throw new AttestorFailedException("the NSM extended PCR16 to " + HexFormat.of().formatHex(extended)
                    + ", expected the identity of node " + nodeId);
        }
        NsmProtocol.lockedPcr(exchange(NsmProtocol.lockPcrRequest(NodeIdentityPcr.INDEX)));
        NsmPcr after = describePcr(NodeIdentityPcr.INDEX);
        if (!after.locked() || !MessageDigest.isEqual(after.value(), expected)) {
            throw new AttestorFailedException("PCR16 is " + after + " after binding node " + nodeId);
        }
    }

    NsmPcr describePcr(int index) throws AttestorFailedException {
        return NsmProtocol.describedPcr(exchange(NsmProtocol.describePcrRequest(index)));
    }

    private byte[] exchange(byte[] request) throws AttestorFailedException {
        if (request.length > NsmProtocol.MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("NSM request of " + request.length + " bytes exceeds "
                    + NsmProtocol.MAX_REQUEST_BYTES);
        }
        return device.exchange(request, NsmProtocol.RESPONSE_BUFFER_BYTES);
    }

    @Override
    public synchronized void close() {
        device.close();
    }

    @Override
    public String toString() {
        return "NsmAttestor[" + device + "]";
    }
}

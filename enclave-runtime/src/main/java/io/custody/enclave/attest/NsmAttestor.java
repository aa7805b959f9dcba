package io.custody.enclave.attest;

import java.nio.file.Path;

/**
 * The production attestor: asks the Nitro Secure Module for a document through {@code /dev/nsm}.
 * The NSM fills in the PCRs, the module id and a certificate chain to the AWS Nitro root; this
 * class only passes the nonce, user data and public key and returns the document unchanged.
 *
 * <p>Opened once at boot (failing fast outside an enclave) and closed at shutdown; calls are
 * serialised.
 */
public final class NsmAttestor implements Attestor, AutoCloseable {

    private final NsmDevice device;

    private NsmAttestor(NsmDevice device) {
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
        byte[] request = NsmProtocol.attestationRequest(new AttestationRequest(nonce, userData, publicKey));
        if (request.length > NsmProtocol.MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("NSM request of " + request.length + " bytes exceeds "
                    + NsmProtocol.MAX_REQUEST_BYTES);
        }
        byte[] response = device.exchange(request, NsmProtocol.RESPONSE_BUFFER_BYTES);
        return NsmProtocol.attestationDocument(response);
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

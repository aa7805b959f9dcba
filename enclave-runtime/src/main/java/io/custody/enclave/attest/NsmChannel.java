package io.custody.enclave.attest;

/**
 * One raw request/response exchange with the Nitro Secure Module: {@link NsmDevice} in an enclave,
 * a fake in unit tests (the mock NSM lives only in test sources).
 */
interface NsmChannel extends AutoCloseable {
    /** Sends one CBOR request; returns the NSM's CBOR response, at most {@code responseCapacity} bytes. */
    byte[] exchange(byte[] request, int responseCapacity) throws AttestorFailedException;

    @Override
    void close();
}

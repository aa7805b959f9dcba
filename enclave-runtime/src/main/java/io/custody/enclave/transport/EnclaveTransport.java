package io.custody.enclave.transport;

import java.io.IOException;

/**
 * The byte channel between a signer (parent host) and its enclave: VSOCK in production, a Unix
 * domain socket in dev and tests. The enclave listens; the parent connects. A transport carries
 * bytes only; framing is {@code io.custody.proto.enclave.wire}'s job.
 */
public interface EnclaveTransport {

    /** Binds the server side (the enclave) and starts listening. */
    EnclaveListener listen() throws IOException;

    /** Opens the client side (the parent) to a listening enclave. */
    EnclaveConnection connect() throws IOException;
}

package io.custody.enclave.transport;

import java.io.Closeable;
import java.io.IOException;

/** A bound, listening endpoint. Closing it wakes a thread blocked in {@link #accept()}. */
public interface EnclaveListener extends Closeable {

    /**
     * Blocks until a peer connects.
     *
     * @throws IOException when accepting fails or the listener is (or gets) closed
     */
    EnclaveConnection accept() throws IOException;
}

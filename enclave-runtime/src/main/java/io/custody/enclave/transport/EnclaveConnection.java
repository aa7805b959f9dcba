package io.custody.enclave.transport;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One full-duplex stream connection. One thread may read while others write. Closing it ends
 * both directions and wakes a thread blocked in a read; the peer then reads end of stream.
 */
public interface EnclaveConnection extends Closeable {

    /** Unbuffered; returns -1 once the peer has closed. */
    InputStream input();

    /** Unbuffered: each write reaches the socket before it returns. */
    OutputStream output();
}

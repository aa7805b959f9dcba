package io.custody.proto.enclave.wire;

import java.io.Serial;

/** The stream ended inside a frame: within its length prefix or before its last body byte. */
public final class TruncatedFrameException extends FrameException {

    @Serial private static final long serialVersionUID = 1L;

    TruncatedFrameException(String part, int expectedBytes, int receivedBytes) {
        super("stream ended inside the frame " + part + ": received " + receivedBytes + " of "
                + expectedBytes + " bytes");
    }
}

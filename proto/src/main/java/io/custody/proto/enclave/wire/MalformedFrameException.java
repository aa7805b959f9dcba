package io.custody.proto.enclave.wire;

import java.io.Serial;

/** A frame body of the announced length that does not decode as a {@code Frame} message. */
public final class MalformedFrameException extends FrameException {

    @Serial private static final long serialVersionUID = 1L;

    MalformedFrameException(int lengthBytes, Throwable cause) {
        super("frame body of " + lengthBytes + " bytes is not a valid Frame message", cause);
    }
}

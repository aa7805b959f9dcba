package io.custody.proto.enclave.wire;

import java.io.IOException;
import java.io.Serial;

/**
 * The peer sent bytes that are not a well-formed frame. After any of these the stream position
 * is undefined, so the connection must be closed: there is no resynchronising a byte stream.
 */
public abstract sealed class FrameException extends IOException
        permits EmptyFrameException, FrameTooLargeException, TruncatedFrameException, MalformedFrameException {

    @Serial private static final long serialVersionUID = 1L;

    FrameException(String message) {
        super(message);
    }

    FrameException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.custody.proto.enclave.wire;

import java.io.Serial;

/** A length prefix of zero: an empty frame carries neither a request id nor a body. */
public final class EmptyFrameException extends FrameException {

    @Serial private static final long serialVersionUID = 1L;

    EmptyFrameException() {
        super("frame length is zero");
    }
}

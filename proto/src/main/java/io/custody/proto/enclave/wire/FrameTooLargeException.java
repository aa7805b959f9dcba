package io.custody.proto.enclave.wire;

import java.io.Serial;

/** A frame longer than the codec's cap; raised before any of its body is read or allocated. */
public final class FrameTooLargeException extends FrameException {

    @Serial private static final long serialVersionUID = 1L;

    private final long lengthBytes;
    private final int maxFrameBytes;

    FrameTooLargeException(long lengthBytes, int maxFrameBytes) {
        super("frame of " + lengthBytes + " bytes exceeds the cap of " + maxFrameBytes + " bytes");
        this.lengthBytes = lengthBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The length the frame claimed (received) or has (sent). */
    public long lengthBytes() {
        return lengthBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}

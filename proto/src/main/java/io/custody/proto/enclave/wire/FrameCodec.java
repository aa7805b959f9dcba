package io.custody.proto.enclave.wire;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.enclave.v1.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads and writes {@link Frame}s on one connection. Each frame on the wire is
 *
 * <pre>
 *   offset 0  u32 big-endian  length L (1 .. maxFrameBytes)
 *   offset 4  L bytes         a serialized custody.enclave.v1.Frame
 * </pre>
 *
 * <p>The length is checked against the cap before the body is allocated or read, so a peer can
 * make this side buffer at most {@code maxFrameBytes}. Writes may come from many threads: each
 * frame goes out whole under one lock. Reads have a single reader; a second concurrent reader is
 * a programming error and fails fast. After any failed read or write the stream is no longer at
 * a frame boundary, so that direction refuses further use and the connection must be closed.
 */
public final class FrameCodec {

    /** Large enough for a signing round's envelopes and an attestation document, with room. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private static final int LENGTH_PREFIX_BYTES = Integer.BYTES;

    private final InputStream in;
    private final OutputStream out;
    private final int maxFrameBytes;

    private final AtomicBoolean reading = new AtomicBoolean();
    private boolean readFailed;

    private final ReentrantLock writeLock = new ReentrantLock();
    private boolean writeFailed;

    public FrameCodec(InputStream in, OutputStream out) {
        this(in, out, DEFAULT_MAX_FRAME_BYTES);
    }

    public FrameCodec(InputStream in, OutputStream out, int maxFrameBytes) {
        if (maxFrameBytes < 1 || maxFrameBytes > Integer.MAX_VALUE - LENGTH_PREFIX_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes out of range: " + maxFrameBytes);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Blocks for the next frame.
     *
     * @return the frame, or empty when the peer closed the stream cleanly between two frames
     * @throws FrameException when the bytes received are not a well-formed frame
     * @throws IOException when the stream itself fails
     */
    public Optional<Frame> read() throws IOException {
        if (!reading.compareAndSet(false, true)) {
            throw new IllegalStateException("concurrent FrameCodec.read: frames have a single reader");
        }
        try {
            if (readFailed) {
                throw new IllegalStateException("an earlier read failed mid-stream; close the connection");
            }
            try {
                return readFrame();
            } catch (IOException | RuntimeException e) {
                readFailed = true;
                throw e;
            }
        } finally {
            reading.set(false);
        }
    }

    /**
     * Writes one frame whole and flushes it.
     *
     * @throws EmptyFrameException when the frame serializes to zero bytes (the peer would reject it)
     * @throws FrameTooLargeException when it exceeds the cap; nothing is written then
     * @throws IOException when the stream fails; no further writes are accepted after that
     */
    public void write(Frame frame) throws IOException {
        byte[] wire = encode(frame);
        writeLock.lock();
        try {
            if (writeFailed) {
                throw new IllegalStateException("an earlier write failed mid-frame; close the connection");
            }
            try {
                out.write(wire);
                out.flush();
            } catch (IOException | RuntimeException e) {
                writeFailed = true;
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private Optional<Frame> readFrame() throws IOException {
        byte[] prefix = new byte[LENGTH_PREFIX_BYTES];
        int prefixRead = in.readNBytes(prefix, 0, LENGTH_PREFIX_BYTES);
        if (prefixRead == 0) {
            return Optional.empty();
        }
        if (prefixRead < LENGTH_PREFIX_BYTES) {
            throw new TruncatedFrameException("length prefix", LENGTH_PREFIX_BYTES, prefixRead);
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(prefix).getInt());
        if (length == 0) {
            throw new EmptyFrameException();
        }
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
        int bodyLength = (int) length;
        byte[] body = new byte[bodyLength];
        int bodyRead = in.readNBytes(body, 0, bodyLength);
        if (bodyRead < bodyLength) {
            throw new TruncatedFrameException("body", bodyLength, bodyRead);
        }
        try {
            return Optional.of(Frame.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedFrameException(bodyLength, e);
        }
    }

    private byte[] encode(Frame frame) throws FrameException {
        int size = frame.getSerializedSize();
        if (size == 0) {
            throw new EmptyFrameException();
        }
        if (size > maxFrameBytes) {
            throw new FrameTooLargeException(size, maxFrameBytes);
        }
        byte[] wire = new byte[LENGTH_PREFIX_BYTES + size];
        ByteBuffer.wrap(wire).putInt(size);
        CodedOutputStream body = CodedOutputStream.newInstance(wire, LENGTH_PREFIX_BYTES, size);
        try {
            frame.writeTo(body);
        } catch (IOException e) {
            throw new IllegalStateException("protobuf wrote past its own serialized size", e);
        }
        body.checkNoSpaceLeft();
        return wire;
    }
}

package io.custody.proto.enclave.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.Frame;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.StatusRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final InputStream NO_INPUT = InputStream.nullInputStream();
    private static final OutputStream NO_OUTPUT = OutputStream.nullOutputStream();

    @Test
    void frameSurvivesRoundTrip() throws IOException {
        Frame sent = attest(7, 32);
        byte[] wire = encode(sent);

        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire), NO_OUTPUT);

        assertEquals(Optional.of(sent), reader.read());
        assertEquals(Optional.empty(), reader.read());
    }

    @Test
    void wireLayoutIsBigEndianLengthThenFrame() throws IOException {
        Frame sent = attest(1, 16);
        byte[] wire = encode(sent);
        byte[] body = sent.toByteArray();

        assertEquals(4 + body.length, wire.length);
        assertEquals(body.length, ByteBuffer.wrap(wire).getInt());
        assertArrayEquals(body, Arrays.copyOfRange(wire, 4, wire.length));
    }

    @Test
    void manyFramesBackToBackArriveInOrder() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameCodec writer = new FrameCodec(NO_INPUT, wire);
        for (int i = 1; i <= 1_000; i++) {
            writer.write(i % 2 == 0 ? attest(i, i % 64) : status(i));
        }

        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire.toByteArray()), NO_OUTPUT);
        for (int i = 1; i <= 1_000; i++) {
            assertEquals(i % 2 == 0 ? attest(i, i % 64) : status(i), reader.read().orElseThrow());
        }
        assertEquals(Optional.empty(), reader.read());
    }

    @Test
    void lengthOverTheCapIsRejectedBeforeTheBodyIsReadOrAllocated() throws IOException {
        // Claims 2 GiB, then offers three bytes: a codec that trusted the claim would allocate it.
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {(byte) 0x80, 0, 0, 0, 1, 2, 3});
        FrameCodec reader = new FrameCodec(in, NO_OUTPUT);

        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, reader::read);

        assertEquals(1L << 31, e.lengthBytes());
        assertEquals(FrameCodec.DEFAULT_MAX_FRAME_BYTES, e.maxFrameBytes());
        assertEquals(3, in.available(), "the body must not be read");
    }

    @Test
    void largestUnsignedLengthIsRejectedNotMistakenForNegative() {
        byte[] wire = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire), NO_OUTPUT);

        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, reader::read);

        assertEquals(0xFFFF_FFFFL, e.lengthBytes());
    }

    @Test
    void capIsInclusiveAndConfigurable() throws IOException {
        Frame frame = attest(3, 8);
        int size = frame.getSerializedSize();

        FrameCodec exact = new FrameCodec(new ByteArrayInputStream(encode(frame)), NO_OUTPUT, size);
        assertEquals(Optional.of(frame), exact.read());

        FrameCodec tight = new FrameCodec(new ByteArrayInputStream(encode(frame)), NO_OUTPUT, size - 1);
        assertThrows(FrameTooLargeException.class, tight::read);
    }

    @Test
    void oversizedWriteSendsNothing() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameCodec writer = new FrameCodec(NO_INPUT, wire, 16);

        FrameTooLargeException e =
                assertThrows(FrameTooLargeException.class, () -> writer.write(attest(1, 64)));

        assertEquals(16, e.maxFrameBytes());
        assertEquals(0, wire.size());
    }

    @Test
    void zeroLengthIsRejectedBothWays() {
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(new byte[4]), NO_OUTPUT);
        assertThrows(EmptyFrameException.class, reader::read);

        FrameCodec writer = new FrameCodec(NO_INPUT, NO_OUTPUT);
        assertThrows(EmptyFrameException.class, () -> writer.write(Frame.getDefaultInstance()));
    }

    @Test
    void streamEndingInsideTheLengthPrefixIsTruncation() {
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(new byte[] {0, 0}), NO_OUTPUT);

        assertThrows(TruncatedFrameException.class, reader::read);
    }

    @Test
    void streamEndingInsideTheBodyIsTruncation() throws IOException {
        byte[] wire = encode(attest(9, 40));
        byte[] cut = Arrays.copyOf(wire, wire.length - 1);
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(cut), NO_OUTPUT);

        TruncatedFrameException e = assertThrows(TruncatedFrameException.class, reader::read);

        assertTrue(e.getMessage().contains("body"), e.getMessage());
    }

    @Test
    void garbageBodyIsMalformed() {
        // 0xFF... is a varint tag that never terminates within the body.
        byte[] wire = {0, 0, 0, 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire), NO_OUTPUT);

        MalformedFrameException e = assertThrows(MalformedFrameException.class, reader::read);

        assertInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class, e.getCause());
    }

    @Test
    void invalidWireTypeIsMalformed() {
        // Tag 0x0F: field 1 with wire type 7, which does not exist.
        byte[] wire = {0, 0, 0, 2, 0x0F, 0x00};
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire), NO_OUTPUT);

        assertThrows(MalformedFrameException.class, reader::read);
    }

    @Test
    void readerRefusesToContinueAfterAFramingError() throws IOException {
        byte[] bad = {0, 0, 0, 0};
        byte[] good = encode(status(1));
        byte[] wire = ByteBuffer.allocate(bad.length + good.length).put(bad).put(good).array();
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire), NO_OUTPUT);

        assertThrows(EmptyFrameException.class, reader::read);
        assertThrows(IllegalStateException.class, reader::read);
    }

    @Test
    void writerRefusesToContinueAfterAFailedWrite() throws IOException {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        FrameCodec writer = new FrameCodec(NO_INPUT, failing);

        assertThrows(IOException.class, () -> writer.write(status(1)));
        assertThrows(IllegalStateException.class, () -> writer.write(status(2)));
    }

    @Test
    void secondConcurrentReaderFailsFast() throws Exception {
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream feed = new PipedOutputStream(in);
        FrameCodec reader = new FrameCodec(in, NO_OUTPUT);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Frame>> first = executor.submit(reader::read);
            awaitBlockedReader(in);

            assertThrows(IllegalStateException.class, reader::read);

            feed.write(encode(status(5)));
            assertEquals(Optional.of(status(5)), first.get());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void concurrentWritersNeverInterleaveFrames() throws Exception {
        // An output that hands bytes over one at a time invites interleaving without the lock.
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream trickle = new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
                Thread.yield();
            }
        };
        FrameCodec writer = new FrameCodec(NO_INPUT, trickle);
        int writers = 8;
        int framesEach = 100;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long base = (long) w << 32;
                done.add(executor.submit(() -> {
                    for (int i = 0; i < framesEach; i++) {
                        writer.write(attest(base + i, 24));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }

        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(sink.toByteArray()), NO_OUTPUT);
        Map<Long, Long> nextPerWriter = new HashMap<>();
        for (int n = 0; n < writers * framesEach; n++) {
            Frame frame = reader.read().orElseThrow();
            assertEquals(attest(frame.getRequestId(), 24), frame);
            long writerId = frame.getRequestId() >>> 32;
            long index = frame.getRequestId() & 0xFFFF_FFFFL;
            assertEquals(nextPerWriter.getOrDefault(writerId, 0L), index);
            nextPerWriter.put(writerId, index + 1);
        }
        assertEquals(Optional.empty(), reader.read());
    }

    @Test
    void capMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FrameCodec(NO_INPUT, NO_OUTPUT, 0));
    }

    private static Frame attest(long requestId, int nonceBytes) {
        byte[] nonce = new byte[nonceBytes];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) (requestId + i);
        }
        return Frame.newBuilder()
                .setRequestId(requestId)
                .setRequest(Request.newBuilder()
                        .setAttest(AttestRequest.newBuilder().setNonce(ByteString.copyFrom(nonce))))
                .build();
    }

    private static Frame status(long requestId) {
        return Frame.newBuilder()
                .setRequestId(requestId)
                .setRequest(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()))
                .build();
    }

    private static byte[] encode(Frame frame) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new FrameCodec(NO_INPUT, wire).write(frame);
        return wire.toByteArray();
    }

    private static void awaitBlockedReader(PipedInputStream in) throws InterruptedException {
        // PipedInputStream.read() waits on the stream's monitor; give the reader time to get there.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(20);
            if (Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getState() == Thread.State.TIMED_WAITING
                            && Arrays.stream(t.getStackTrace())
                                    .anyMatch(f -> f.getClassName().equals(PipedInputStream.class.getName())))) {
                return;
            }
        }
        throw new AssertionError("reader never blocked in " + in);
    }
}

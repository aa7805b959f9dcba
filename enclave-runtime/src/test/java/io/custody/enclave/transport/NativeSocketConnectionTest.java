package io.custody.enclave.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.enclave.wire.FrameCodec;
import java.io.IOException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fd-level connection VSOCK uses, exercised over an AF_UNIX socketpair. */
@Timeout(30)
class NativeSocketConnectionTest {

    private NativeSocketConnection a;
    private NativeSocketConnection b;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeEach
    void connect() throws Throwable {
        NativeSocketConnection[] pair = SocketPair.open();
        a = pair[0];
        b = pair[1];
    }

    @AfterEach
    void close() throws IOException {
        executor.shutdownNow();
        a.close();
        b.close();
    }

    @Test
    void bytesFlowBothWays() throws IOException {
        a.output().write(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, b.input().readNBytes(3));

        b.output().write(42);
        assertEquals(42, a.input().read());
    }

    @Test
    void largeWriteLargerThanTheNativeBufferArrivesIntact() throws Exception {
        byte[] payload = new byte[2 * 1024 * 1024 + 17];
        new Random(1).nextBytes(payload);

        Future<byte[]> received = executor.submit(() -> b.input().readNBytes(payload.length));
        a.output().write(payload);

        assertArrayEquals(payload, received.get(20, TimeUnit.SECONDS));
    }

    @Test
    void peerCloseReadsAsEndOfStream() throws IOException {
        a.output().write(7);
        a.close();

        assertEquals(7, b.input().read());
        assertEquals(-1, b.input().read());
    }

    @Test
    void closingWakesABlockedReader() throws Exception {
        Future<Integer> blocked = executor.submit(() -> a.input().read());
        Thread.sleep(200);

        a.close();

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> blocked.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
    }

    @Test
    void writingToAClosedPeerIsAnErrorNotASignal() throws IOException {
        b.close();

        IOException e = assertThrows(IOException.class, () -> a.output().write(new byte[64]));

        assertTrue(e.getMessage().contains("errno 32"), e.getMessage());
    }

    @Test
    void everyCallAfterCloseFailsAndCloseIsIdempotent() throws IOException {
        a.close();
        a.close();

        assertThrows(IOException.class, () -> a.input().read());
        assertThrows(IOException.class, () -> a.output().write(1));
    }

    @Test
    void framesCrossInBothDirectionsAtOnce() throws Exception {
        FrameCodec parent = new FrameCodec(a.input(), a.output());
        FrameCodec enclave = new FrameCodec(b.input(), b.output());

        Future<?> answering = executor.submit(() -> {
            for (long id = 1; id <= 200; id++) {
                long request = enclave.read().orElseThrow().getRequestId();
                enclave.write(TestFrames.statusResponse(request, (int) id));
            }
            return null;
        });
        Future<?> asking = executor.submit(() -> {
            for (long id = 1; id <= 200; id++) {
                parent.write(TestFrames.statusRequest(id));
            }
            return null;
        });
        for (long id = 1; id <= 200; id++) {
            assertEquals(Optional.of(TestFrames.statusResponse(id, (int) id)), parent.read());
        }
        asking.get(10, TimeUnit.SECONDS);
        answering.get(10, TimeUnit.SECONDS);
    }
}

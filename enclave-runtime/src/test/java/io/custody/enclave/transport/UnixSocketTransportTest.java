package io.custody.enclave.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.enclave.wire.FrameCodec;
import io.custody.proto.enclave.wire.TruncatedFrameException;
import io.custody.proto.enclave.v1.Frame;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UnixSocketTransportTest {

    @TempDir Path directory;

    private Path socketPath;
    private UnixSocketTransport transport;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        socketPath = directory.resolve("enclave.sock");
        transport = new UnixSocketTransport(socketPath);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void acceptsAConnectionAndCarriesBytesBothWays() throws Exception {
        try (EnclaveListener listener = transport.listen()) {
            Future<EnclaveConnection> accepted = executor.submit(listener::accept);
            try (EnclaveConnection parent = transport.connect();
                    EnclaveConnection enclave = accepted.get(10, TimeUnit.SECONDS)) {
                parent.output().write(new byte[] {1, 2});
                assertEquals(1, enclave.input().read());
                assertEquals(2, enclave.input().read());
                enclave.output().write(3);
                assertEquals(3, parent.input().read());
            }
        }
    }

    @Test
    void socketFileIsOwnerOnlyAndRemovedOnClose() throws IOException {
        EnclaveListener listener = transport.listen();
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(socketPath)));

        listener.close();
        assertFalse(Files.exists(socketPath));
    }

    @Test
    void framesFlowBothWaysThroughTheCodec() throws Exception {
        try (EnclaveListener listener = transport.listen()) {
            Future<?> enclaveSide = executor.submit(() -> {
                try (EnclaveConnection enclave = listener.accept()) {
                    FrameCodec codec = new FrameCodec(enclave.input(), enclave.output());
                    Optional<Frame> request;
                    int answered = 0;
                    while ((request = codec.read()).isPresent()) {
                        codec.write(TestFrames.statusResponse(request.get().getRequestId(), ++answered));
                    }
                    return null;
                }
            });
            try (EnclaveConnection parent = transport.connect()) {
                FrameCodec codec = new FrameCodec(parent.input(), parent.output());
                for (long id = 1; id <= 100; id++) {
                    codec.write(TestFrames.statusRequest(id));
                }
                for (long id = 1; id <= 100; id++) {
                    assertEquals(Optional.of(TestFrames.statusResponse(id, (int) id)), codec.read());
                }
            }
            enclaveSide.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void peerClosingMidFrameIsTruncation() throws Exception {
        try (EnclaveListener listener = transport.listen()) {
            Future<EnclaveConnection> accepted = executor.submit(listener::accept);
            EnclaveConnection parent = transport.connect();
            try (EnclaveConnection enclave = accepted.get(10, TimeUnit.SECONDS)) {
                // Announce 100 bytes, send 10, hang up.
                parent.output().write(ByteBuffer.allocate(14).putInt(100).array());
                parent.close();

                FrameCodec codec = new FrameCodec(enclave.input(), enclave.output());
                assertThrows(TruncatedFrameException.class, codec::read);
            }
        }
    }

    @Test
    void peerClosingBetweenFramesIsACleanEnd() throws Exception {
        try (EnclaveListener listener = transport.listen()) {
            Future<EnclaveConnection> accepted = executor.submit(listener::accept);
            EnclaveConnection parent = transport.connect();
            try (EnclaveConnection enclave = accepted.get(10, TimeUnit.SECONDS)) {
                new FrameCodec(parent.input(), parent.output()).write(TestFrames.statusRequest(1));
                parent.close();

                FrameCodec codec = new FrameCodec(enclave.input(), enclave.output());
                assertEquals(Optional.of(TestFrames.statusRequest(1)), codec.read());
                assertEquals(Optional.empty(), codec.read());
            }
        }
    }

    @Test
    void closingTheConnectionWakesABlockedReader() throws Exception {
        try (EnclaveListener listener = transport.listen()) {
            Future<EnclaveConnection> accepted = executor.submit(listener::accept);
            try (EnclaveConnection parent = transport.connect()) {
                EnclaveConnection enclave = accepted.get(10, TimeUnit.SECONDS);
                Future<Integer> blocked = executor.submit(() -> enclave.input().read());
                Thread.sleep(200);
                enclave.close();

                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> blocked.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
                assertEquals(-1, parent.input().read(), "the peer sees the close as end of stream");
            }
        }
    }

    @Test
    void closingTheListenerWakesABlockedAccept() throws Exception {
        EnclaveListener listener = transport.listen();
        Future<EnclaveConnection> blocked = executor.submit(listener::accept);
        Thread.sleep(200);

        listener.close();

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> blocked.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
    }

    @Test
    void staleSocketFileFromACrashedListenerIsReplaced() throws IOException {
        // A listener that died without cleaning up leaves its socket file behind.
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socketPath));
        }
        assertTrue(Files.exists(socketPath));

        try (EnclaveListener listener = transport.listen()) {
            transport.connect().close();
            assertTrue(Files.exists(socketPath), listener + " owns the socket file");
        }
    }

    @Test
    void liveListenerIsNeverReplaced() throws IOException {
        EnclaveListener first = transport.listen();
        try {
            IOException e = assertThrows(IOException.class, transport::listen);

            assertTrue(e.getMessage().contains("listening"), e.getMessage());
            transport.connect().close();
        } finally {
            first.close();
        }
    }

    @Test
    void fileThatIsNotASocketIsNeverReplaced() throws IOException {
        Files.writeString(socketPath, "not a socket");

        IOException e = assertThrows(IOException.class, transport::listen);

        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("not a socket", Files.readString(socketPath));
    }

    @Test
    void connectingWithoutAListenerFails() {
        assertThrows(IOException.class, transport::connect);
    }
}

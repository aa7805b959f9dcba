package io.custody.signer.enclave;

import io.custody.proto.enclave.v1.Frame;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusResponse;
import io.custody.proto.enclave.wire.FrameCodec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A scripted enclave on a Unix socket: the test decides when and in which order it answers. */
final class FakeEnclave implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private SocketChannel connection;
    private FrameCodec codec;

    FakeEnclave() throws IOException {
        socket = Files.createTempDirectory("fake-enclave").resolve("enclave.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    Path socket() {
        return socket;
    }

    /** Waits for the client's (next) connection. */
    void accept() throws IOException {
        connection = server.accept();
        codec = new FrameCodec(Channels.newInputStream(connection), Channels.newOutputStream(connection));
    }

    /** Reads {@code count} request frames. */
    List<Frame> read(int count) throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            frames.add(codec.read().orElseThrow());
        }
        return frames;
    }

    /** Answers {@code request} with a status whose active_sessions carries {@code marker}. */
    void answer(Frame request, int marker) throws IOException {
        codec.write(Frame.newBuilder().setRequestId(request.getRequestId())
                .setResponse(Response.newBuilder().setStatus(StatusResponse.newBuilder().setActiveSessions(marker)))
                .build());
    }

    void dropConnection() throws IOException {
        connection.close();
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }
}

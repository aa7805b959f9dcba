package io.custody.enclave.protocol;

import io.custody.enclave.transport.EnclaveConnection;
import io.custody.enclave.transport.EnclaveListener;
import io.custody.proto.enclave.wire.FrameCodec;
import io.custody.proto.enclave.wire.FrameException;
import io.custody.proto.enclave.v1.Frame;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the frame protocol on a listener: one reader per connection, each request on its own
 * virtual thread (so one slow DKG phase does not hold up other sessions multiplexed on the same
 * connection), each response written whole with its request's id. A connection that sends a
 * malformed or oversized frame is closed, since its stream is no longer at a frame boundary; the
 * enclave itself keeps serving. Log lines carry request ids and sizes, never payloads.
 */
public final class EnclaveServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EnclaveServer.class.getName());

    private final EnclaveListener listener;
    private final RequestHandler handler;
    private final int maxFrameBytes;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public EnclaveServer(EnclaveListener listener, RequestHandler handler, int maxFrameBytes) {
        this.listener = listener;
        this.handler = handler;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Accepts connections until the listener is closed. */
    public void serve() {
        while (true) {
            EnclaveConnection connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                LOG.fine(() -> "listener closed: " + e.getMessage());
                return;
            }
            workers.submit(() -> serveConnection(connection));
        }
    }

    private void serveConnection(EnclaveConnection connection) {
        FrameCodec codec = new FrameCodec(connection.input(), connection.output(), maxFrameBytes);
        try (connection) {
            while (true) {
                Optional<Frame> frame = codec.read();
                if (frame.isEmpty()) {
                    return;
                }
                if (!frame.get().hasRequest()) {
                    LOG.warning("frame " + frame.get().getRequestId() + " carries no request; closing the connection");
                    return;
                }
                workers.submit(() -> answer(codec, frame.get()));
            }
        } catch (FrameException e) {
            LOG.warning("closing a connection after a bad frame: " + e.getMessage());
        } catch (IOException e) {
            LOG.fine(() -> "connection ended: " + e.getMessage());
        }
    }

    private void answer(FrameCodec codec, Frame frame) {
        Frame response = Frame.newBuilder()
                .setRequestId(frame.getRequestId())
                .setResponse(handler.handle(frame.getRequest()))
                .build();
        try {
            codec.write(response);
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not answer request " + frame.getRequestId() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        workers.shutdownNow();
    }
}

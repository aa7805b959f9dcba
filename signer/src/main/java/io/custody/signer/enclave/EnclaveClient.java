package io.custody.signer.enclave;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.Frame;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.enclave.v1.StatusResponse;
import io.custody.proto.enclave.v1.StepRequest;
import io.custody.proto.enclave.wire.FrameCodec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to this node's enclave over a Unix socket, shared by every session of the node.
 * Requests are written whole by any thread ({@link FrameCodec} serializes writes); one reader
 * thread per connection completes the caller's future by {@code request_id}. When the
 * connection breaks, every call in flight on it fails with {@link EnclaveUnavailableException}
 * and the next call opens a new connection.
 */
public final class EnclaveClient implements AutoCloseable {
    private final Path socket;
    private final Duration defaultTimeout;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final ReentrantLock connectLock = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean closed;

    public EnclaveClient(Path socket, Duration defaultTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    }

    /** A fresh attestation document over {@code nonce} (16..64 bytes). */
    public byte[] attest(byte[] nonce) throws EnclaveCallException, EnclaveErrorException, InterruptedException {
        Response response = call(Request.newBuilder()
                .setAttest(AttestRequest.newBuilder().setNonce(ByteString.copyFrom(nonce))).build(), defaultTimeout);
        return expect(response, response.hasAttest()).getAttest().getDocument().toByteArray();
    }

    public StatusResponse status() throws EnclaveCallException, EnclaveErrorException, InterruptedException {
        Response response = call(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build(),
                defaultTimeout);
        return expect(response, response.hasStatus()).getStatus();
    }

    /** One session step; the response is a {@code StepResponse} or the enclave's {@code ErrorResponse}. */
    public Response step(StepRequest step, Duration timeout) throws EnclaveCallException, InterruptedException {
        return call(Request.newBuilder().setStep(step).build(), timeout);
    }

    /** Sends {@code request} and waits at most {@code timeout} for its response. */
    public Response call(Request request, Duration timeout) throws EnclaveCallException, InterruptedException {
        CompletableFuture<Response> pending = send(request);
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(false);
            throw new EnclaveTimeoutException(timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EnclaveUnavailableException unavailable) {
                throw unavailable;
            }
            throw new EnclaveUnavailableException("enclave call failed", e.getCause());
        }
    }

    /** Sends {@code request}; the future completes with its response or an {@link EnclaveUnavailableException}. */
    public CompletableFuture<Response> send(Request request) {
        Connection current;
        try {
            current = connected();
        } catch (EnclaveUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        long id = nextRequestId.getAndIncrement();
        CompletableFuture<Response> pending = new CompletableFuture<>();
        current.pending.put(id, pending);
        pending.whenComplete((response, failure) -> current.pending.remove(id));
        try {
            current.codec.write(Frame.newBuilder().setRequestId(id).setRequest(request).build());
        } catch (IOException | RuntimeException e) {
            current.fail(new EnclaveUnavailableException("writing to the enclave failed", e));
        }
        return pending;
    }

    private Connection connected() throws EnclaveUnavailableException {
        Connection current = connection;
        if (current != null && current.open) {
            return current;
        }
        connectLock.lock();
        try {
            if (closed) {
                throw new EnclaveUnavailableException("client closed", null);
            }
            current = connection;
            if (current != null && current.open) {
                return current;
            }
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            current = new Connection(channel);
            connection = current;
            current.startReader();
            return current;
        } catch (IOException e) {
            throw new EnclaveUnavailableException("cannot connect to the enclave at " + socket, e);
        } finally {
            connectLock.unlock();
        }
    }

    private static Response expect(Response response, boolean expected) throws EnclaveErrorException {
        if (response.hasError()) {
            throw new EnclaveErrorException(response.getError());
        }
        if (!expected) {
            throw new EnclaveErrorException(null);
        }
        return response;
    }

    @Override
    public void close() {
        closed = true;
        Connection current = connection;
        if (current != null) {
            current.fail(new EnclaveUnavailableException("client closed", null));
        }
    }

    private static final class Connection {
        private final SocketChannel channel;
        private final FrameCodec codec;
        private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
        private volatile boolean open = true;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.codec = new FrameCodec(new BufferedInputStream(ChannelStreams.input(channel), 64 * 1024),
                    ChannelStreams.output(channel));
        }

        void startReader() {
            Thread.ofVirtual().name("enclave-reader").start(this::readLoop);
        }

        private void readLoop() {
            try {
                while (open) {
                    Optional<Frame> frame = codec.read();
                    if (frame.isEmpty()) {
                        fail(new EnclaveUnavailableException("the enclave closed the connection", null));
                        return;
                    }
                    CompletableFuture<Response> waiting = pending.get(frame.get().getRequestId());
                    if (waiting != null && frame.get().hasResponse()) {
                        waiting.complete(frame.get().getResponse());
                    }
                }
            } catch (IOException | RuntimeException e) {
                fail(new EnclaveUnavailableException("reading from the enclave failed", e));
            }
        }

        void fail(EnclaveUnavailableException reason) {
            open = false;
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
            for (CompletableFuture<Response> waiting : pending.values()) {
                waiting.completeExceptionally(reason);
            }
        }
    }
}

package io.custody.control.api;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Keeps each request's bytes exactly as received, for handlers to read with {@link #current()}:
 * a signing request goes to the enclaves as those bytes ({@code AuthorizedRequest.request}), not
 * as a re-encoding. The service is served on InputStream messages; this interceptor copies the
 * bytes before the generated code parses them, and exposes them in the context of the call's
 * handler (grpc-java runs a unary handler at half-close).
 */
public final class ReceivedBytes implements ServerInterceptor {

    private static final Context.Key<byte[]> BYTES = Context.key("custody-received-bytes");

    private ReceivedBytes() {}

    /** {@code service}, served on raw messages with their bytes captured. */
    public static ServerServiceDefinition capture(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service), new ReceivedBytes());
    }

    /** The current call's request bytes. */
    public static byte[] current() {
        byte[] bytes = BYTES.get();
        if (bytes == null) {
            throw new IllegalStateException("no received bytes in this context (service not wrapped by capture?)");
        }
        return bytes.clone();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private byte[] bytes = new byte[0];

            @Override
            @SuppressWarnings("unchecked")
            public void onMessage(Q message) {
                try (InputStream in = (InputStream) message) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                super.onMessage((Q) new ByteArrayInputStream(bytes));
            }

            @Override
            public void onHalfClose() {
                Context context = Context.current().withValue(BYTES, bytes);
                Context previous = context.attach();
                try {
                    super.onHalfClose();
                } finally {
                    context.detach(previous);
                }
            }
        };
    }
}

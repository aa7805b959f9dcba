package io.custody.control.api;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

/**
 * Maps whatever a handler throws to a status ({@link ApiErrors}): expected refusals precisely,
 * anything else to INTERNAL with a correlation id that is logged with the exception and returned
 * without internals. Handlers therefore just throw.
 */
public final class ErrorInterceptor implements ServerInterceptor {

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        ServerCall.Listener<Q> delegate;
        try {
            delegate = next.startCall(call, headers);
        } catch (RuntimeException e) {
            close(call, e);
            return new ServerCall.Listener<>() {};
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (RuntimeException e) {
                    close(call, e);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    close(call, e);
                }
            }

            @Override
            public void onReady() {
                try {
                    super.onReady();
                } catch (RuntimeException e) {
                    close(call, e);
                }
            }
        };
    }

    private static void close(ServerCall<?, ?> call, RuntimeException error) {
        StatusRuntimeException status = ApiErrors.toStatus(error, call.getMethodDescriptor().getFullMethodName());
        try {
            call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
        } catch (IllegalStateException alreadyClosed) {
            // the handler answered before it threw; nothing more to send
        }
    }
}

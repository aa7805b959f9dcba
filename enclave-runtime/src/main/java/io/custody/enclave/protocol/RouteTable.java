package io.custody.enclave.protocol;

import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The enclave boundary as one explicit table (QuorumOS style): which operation is served in which
 * state. Handlers turn every failure they expect into an error response; anything else is a
 * failed state change, which moves the enclave to UNRECOVERABLE for good: from then on it answers
 * only status and attest, so an operator sees it and restarts it, and no half-changed state ever
 * serves another request.
 */
public final class RouteTable implements RequestHandler {
    private static final Logger LOG = Logger.getLogger(RouteTable.class.getName());

    public enum State { READY, UNRECOVERABLE }

    private record Route(Set<State> servedIn, Function<Request, Response> handler) {}

    private final Map<Request.OpCase, Route> routes = new EnumMap<>(Request.OpCase.class);
    private final Runnable onFailure;
    private volatile State state = State.READY;
    private volatile String failureReason = "";

    /** @param onFailure run once when the enclave turns UNRECOVERABLE (e.g. drop every session) */
    public RouteTable(Runnable onFailure) {
        this.onFailure = onFailure;
    }

    public RouteTable always(Request.OpCase op, Function<Request, Response> handler) {
        routes.put(op, new Route(Set.of(State.READY, State.UNRECOVERABLE), handler));
        return this;
    }

    public RouteTable whenReady(Request.OpCase op, Function<Request, Response> handler) {
        routes.put(op, new Route(Set.of(State.READY), handler));
        return this;
    }

    public State state() {
        return state;
    }

    public String failureReason() {
        return failureReason;
    }

    @Override
    public Response handle(Request request) {
        Route route = routes.get(request.getOpCase());
        if (route == null) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_INVALID_REQUEST, "unknown or missing operation");
        }
        if (!route.servedIn().contains(state)) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_UNAVAILABLE,
                    "the enclave is unrecoverable (" + failureReason + "); only status and attest are served");
        }
        try {
            return route.handler().apply(request);
        } catch (RuntimeException unexpected) {
            fail(request.getOpCase() + " failed unexpectedly: " + unexpected.getClass().getSimpleName());
            return ErrorResponses.of(ErrorCode.ERROR_CODE_UNAVAILABLE, "internal failure; the enclave is now unrecoverable");
        }
    }

    /** Moves to UNRECOVERABLE (idempotent). The reason is logged and reported; it names no secret. */
    public synchronized void fail(String reason) {
        if (state == State.UNRECOVERABLE) {
            return;
        }
        failureReason = reason;
        state = State.UNRECOVERABLE;
        LOG.severe("enclave is now UNRECOVERABLE: " + reason);
        onFailure.run();
    }
}

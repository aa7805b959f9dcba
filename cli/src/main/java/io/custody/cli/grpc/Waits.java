package io.custody.cli.grpc;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.proto.v1.CustodyServiceGrpc.CustodyServiceBlockingStub;
import io.custody.proto.v1.GetOperationRequest;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.WatchSigningRequestRequest;
import io.custody.proto.v1.WatchSigningRequestResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Waiting for the control plane's long-running work: a wallet's operation, a signing request. */
public final class Waits {
    private Waits() {}

    /** SIGNED or FAILED. */
    public static boolean terminal(SigningRequest r) {
        return r.getState() == SigningRequestState.SIGNING_REQUEST_STATE_SIGNED
                || r.getState() == SigningRequestState.SIGNING_REQUEST_STATE_FAILED;
    }

    /**
     * Follows {@code accepted} with WatchSigningRequest on {@code stub} (whose deadline bounds the
     * wait) until it is terminal; {@code onUpdate} sees every state the stream reports.
     */
    public static SigningRequest watchSigning(CustodyServiceBlockingStub stub, SigningRequest accepted,
            Consumer<SigningRequest> onUpdate) {
        if (terminal(accepted)) {
            return accepted;
        }
        String id = accepted.getRequestId();
        Iterator<WatchSigningRequestResponse> stream = stub.watchSigningRequest(
                WatchSigningRequestRequest.newBuilder().setRequestId(id).build());
        while (stream.hasNext()) {
            SigningRequest now = stream.next().getSigningRequest();
            onUpdate.accept(now);
            if (terminal(now)) {
                // Ends the stream on our side too (it ends after a terminal state anyway).
                while (stream.hasNext()) {
                    stream.next();
                }
                return now;
            }
        }
        throw new ClusterFailure("the watch of signing request " + id + " ended before a terminal state");
    }

    /** Polls GetOperation every 100 ms until the operation is done; {@code onPoll} sees each answer. */
    public static Operation operation(Supplier<CustodyServiceBlockingStub> stub, String name, Duration timeout,
            Consumer<Operation> onPoll) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            Operation op = stub.get().getOperation(GetOperationRequest.newBuilder().setName(name).build());
            onPoll.accept(op);
            if (op.getDone()) {
                return op;
            }
            if (System.nanoTime() > until) {
                throw new ClusterFailure("operation " + name + " not done within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterFailure("interrupted", e);
            }
        }
    }
}

package io.custody.control.nats;

import io.custody.control.store.OperationStore;
import io.custody.control.store.SigningRequestStore;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredWallet;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.nats.NatsSubjects;
import java.lang.System.Logger.Level;

/**
 * Publishes the job of an operation's current stage (one copy per node, {@code Nats-Msg-Id =
 * jobId/node}) or a signing request's pool sign job ({@code Nats-Msg-Id = jobId}), after the state
 * that calls for it is committed, and records JetStream's acknowledgement. A publish that fails is
 * logged and left to the re-driver ({@code Redriver}); publishing again is always safe.
 */
public final class JobDispatch {

    private static final System.Logger LOG = System.getLogger(JobDispatch.class.getName());

    private final JobPublisher publisher;
    private final OperationStore operations;
    private final SigningRequestStore requests;

    public JobDispatch(JobPublisher publisher, OperationStore operations, SigningRequestStore requests) {
        this.publisher = publisher;
        this.operations = operations;
        this.requests = requests;
    }

    /** Publishes the stage's job to every node of the wallet; true if JetStream took all n. */
    public boolean operation(StoredOperation op, StoredWallet wallet) {
        if (op.done()) {
            return true;
        }
        Job job;
        String kind;
        if (op.stage() == StoredOperation.Stage.KEYGEN) {
            job = Jobs.keygen(op, wallet);
            kind = op.kind() == StoredOperation.Kind.CREATE ? NatsSubjects.KIND_DKG : NatsSubjects.KIND_REFRESH;
        } else {
            job = Jobs.activate(op, wallet);
            kind = NatsSubjects.KIND_ACTIVATE;
        }
        try {
            for (String node : wallet.nodeIds()) {
                publisher.publish(NatsSubjects.jobSubject(node, kind), job.getJobId() + "/" + node, job);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job {0} not published yet (will retry): {1}", job.getJobId(), e.getMessage());
            return false;
        }
        operations.markPublished(op.operationId(), op.stage());
        return true;
    }

    /** Publishes the request's sign job to the pool; true if JetStream took it. */
    public boolean signing(StoredSigningRequest request) {
        if (request.state().terminal() || request.state() == StoredSigningRequest.State.RECEIVED) {
            return true;
        }
        try {
            publisher.publish(NatsSubjects.poolJobSubject(NatsSubjects.KIND_SIGN), request.requestId(),
                    Jobs.sign(request));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sign job {0} not published yet (will retry): {1}", request.requestId(),
                    e.getMessage());
            return false;
        }
        requests.markPublished(request.requestId());
        return true;
    }
}

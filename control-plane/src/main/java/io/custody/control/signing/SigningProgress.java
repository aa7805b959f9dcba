package io.custody.control.signing;

import io.custody.control.Changes;
import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.store.Database;
import io.custody.control.store.SigningRequestStore;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredSigningRequest.FailureReason;
import io.custody.control.store.StoredSigningRequest.State;
import io.custody.control.store.StoredWallet;
import io.custody.control.store.WalletStore;
import io.custody.proto.mpc.v1.JobFailure;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SignResult;
import java.lang.System.Logger.Level;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Records what the nodes report for a sign job. There is no separate "session started" message,
 * so the first verified {@code JobResult{sign}} moves the request QUEUED → SIGNING → SIGNED in one
 * transaction (two audit events); a non-retryable failure moves it to FAILED with the reason
 * mapped from its FailureCode. Whatever comes after a terminal state is ignored (terminal states
 * are final, in SQL too); a retryable failure changes nothing (JetStream redelivers the job).
 */
public final class SigningProgress {

    private static final System.Logger LOG = System.getLogger(SigningProgress.class.getName());

    private final Database database;
    private final AuditLog audit;
    private final SigningRequestStore requests;
    private final WalletStore wallets;
    private final SignedOutput output;
    private final Changes changes;

    public SigningProgress(Database database, AuditLog audit, SigningRequestStore requests, WalletStore wallets,
            SignedOutput output, Changes changes) {
        this.database = database;
        this.audit = audit;
        this.requests = requests;
        this.wallets = wallets;
        this.output = output;
        this.changes = changes;
    }

    public void onResult(JobResult result) {
        boolean changed = database.inTransaction(tx -> record(tx, result));
        if (changed) {
            changes.changed("signing_requests/" + result.getJobId());
        }
    }

    private boolean record(DSLContext tx, JobResult result) {
        Optional<StoredSigningRequest> found = requests.get(tx, result.getJobId(), true);
        if (found.isEmpty()) {
            LOG.log(Level.WARNING, "result for unknown signing request {0}; dropped", result.getJobId());
            return false;
        }
        StoredSigningRequest request = found.get();
        if (request.state().terminal() || request.state() == State.RECEIVED) {
            return false;
        }
        String actor = "node/" + result.getNodeId();
        String resource = "signing_requests/" + request.requestId();
        if (result.hasSign()) {
            StoredWallet wallet = wallets.get(tx, request.walletId(), false).orElseThrow();
            SignResult sign = result.getSign();
            Optional<StoredSigningRequest.Signed> signed = output.signed(request, wallet, sign);
            if (signed.isEmpty()) {
                LOG.log(Level.ERROR, "node {0} reported a signature for {1} that does not verify; ignored",
                        result.getNodeId(), request.requestId());
                return false;
            }
            if (request.state() == State.QUEUED) {
                audit.append(tx, AuditEntry.of(actor, "signing_request.state", resource, request.idempotencyKey(),
                        Map.of("from", "QUEUED", "to", "SIGNING", "quorum", sign.getQuorumNodeIdsList())));
                requests.transition(tx, request.requestId(), State.QUEUED, State.SIGNING, database.now());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", "SIGNING");
            details.put("to", "SIGNED");
            details.put("quorum", sign.getQuorumNodeIdsList());
            details.put("share_version", sign.getShareVersion());
            details.put("r", HexFormat.of().formatHex(sign.getR().toByteArray()));
            details.put("s", HexFormat.of().formatHex(sign.getS().toByteArray()));
            details.put("recovery_id", sign.getRecoveryId());
            audit.append(tx, AuditEntry.of(actor, "signing_request.state", resource, request.idempotencyKey(), details));
            return requests.signed(tx, request.requestId(), signed.get(), database.now());
        }
        if (result.hasFailure() && !result.getFailure().getRetryable()) {
            JobFailure failure = result.getFailure();
            FailureReason reason = reason(failure);
            String message = "node " + result.getNodeId() + ": " + failure.getCode()
                    + (failure.getMessage().isEmpty() ? "" : ": " + failure.getMessage());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", request.state().name());
            details.put("to", "FAILED");
            details.put("reason", reason.name());
            details.put("message", message);
            details.put("culprit_node_id", failure.getCulpritNodeId());
            audit.append(tx, AuditEntry.of(actor, "signing_request.state", resource, request.idempotencyKey(), details));
            return requests.failed(tx, request.requestId(), request.state(),
                    new StoredSigningRequest.Failure(reason, message, ""), database.now());
        }
        return false;
    }

    static FailureReason reason(JobFailure failure) {
        return switch (failure.getCode()) {
            case FAILURE_CODE_NO_QUORUM -> FailureReason.NO_QUORUM;
            case FAILURE_CODE_ABORTED -> FailureReason.ABORTED;
            case FAILURE_CODE_CHEATING_PARTY -> FailureReason.CHEATING_PARTY;
            case FAILURE_CODE_TIMEOUT -> FailureReason.TIMEOUT;
            case FAILURE_CODE_UNAUTHORIZED -> FailureReason.UNAUTHORIZED;
            case FAILURE_CODE_ENCLAVE_UNAVAILABLE, FAILURE_CODE_SHARE_UNAVAILABLE -> FailureReason.NO_QUORUM;
            default -> FailureReason.INTERNAL;
        };
    }

    static List<String> quorum(SignResult sign) {
        return sign.getQuorumNodeIdsList();
    }
}

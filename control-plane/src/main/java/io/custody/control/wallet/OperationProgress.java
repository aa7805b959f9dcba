package io.custody.control.wallet;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.control.Changes;
import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.nats.JobIds;
import io.custody.control.store.Database;
import io.custody.control.store.OperationStore;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredOperation.Stage;
import io.custody.control.store.StoredWallet;
import io.custody.control.store.WalletStore;
import io.custody.proto.mpc.v1.JobResult;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Moves a DKG or refresh on as its nodes report (one transaction per result, the operation row
 * locked, audit first):
 *
 * <ul>
 *   <li>KEYGEN: each node's first DkgResult/RefreshResult is kept; once all n reported, they must
 *       agree on the public key (a refresh: the wallet's), the final broadcast digest, the new
 *       share version and (DKG) the chain code — then ACTIVATE and the ActivateJob goes out; any
 *       disagreement, or a node's non-retryable failure, fails the operation.
 *   <li>ACTIVATE: once all n report the version active, the operation is DONE and the wallet
 *       ACTIVE with the key (and, after a refresh, the new share version).
 * </ul>
 *
 * A failed DKG leaves the wallet FAILED (final); a failed refresh leaves it ACTIVE on its old
 * shares. Retryable failures are left to JetStream's redelivery. Late or duplicate reports change
 * nothing.
 */
public final class OperationProgress {

    private static final System.Logger LOG = System.getLogger(OperationProgress.class.getName());

    private final Database database;
    private final AuditLog audit;
    private final OperationStore operations;
    private final WalletStore wallets;
    private final WalletService walletService;
    private final Changes changes;

    public OperationProgress(Database database, AuditLog audit, OperationStore operations, WalletStore wallets,
            WalletService walletService, Changes changes) {
        this.database = database;
        this.audit = audit;
        this.operations = operations;
        this.wallets = wallets;
        this.walletService = walletService;
        this.changes = changes;
    }

    /** Records one node's report for an operation job ({@code <operation>:<stage>}). */
    public void onResult(JobResult result) {
        String[] job = JobIds.parseOperationJob(result.getJobId()).orElseThrow();
        String operationId = job[0];
        Stage stage = JobIds.KEYGEN.equals(job[1]) ? Stage.KEYGEN : Stage.ACTIVATE;
        Optional<StoredOperation> advanced = database.inTransaction(tx -> record(tx, operationId, stage, result));
        advanced.ifPresent(op -> {
            if (op.stage() == Stage.ACTIVATE) {
                walletService.publish(op);
            }
        });
        changes.changed("operations/" + operationId);
    }

    /** Returns the operation if this report moved it to another stage. */
    private Optional<StoredOperation> record(DSLContext tx, String operationId, Stage stage, JobResult result) {
        Optional<StoredOperation> found = operations.get(tx, operationId, true);
        if (found.isEmpty()) {
            LOG.log(Level.WARNING, "result for unknown operation {0} from {1}; dropped", operationId,
                    result.getNodeId());
            return Optional.empty();
        }
        StoredOperation op = found.get();
        StoredWallet wallet = wallets.get(tx, op.walletId(), true).orElseThrow();
        if (op.stage() != stage || !wallet.nodeIds().contains(result.getNodeId())) {
            return Optional.empty(); // late, duplicate, or not a node of the wallet
        }
        String actor = "node/" + result.getNodeId();
        if (result.hasFailure()) {
            if (!result.getFailure().getRetryable()) {
                fail(tx, op, wallet, actor, OperationFailures.of(result.getNodeId(), result.getFailure()));
                return Optional.of(op);
            }
            return Optional.empty();
        }
        boolean expected = stage == Stage.ACTIVATE ? result.hasActivate()
                : op.kind() == StoredOperation.Kind.CREATE ? result.hasDkg() : result.hasRefresh();
        if (!expected) {
            LOG.log(Level.WARNING, "node {0} answered {1} with {2}; ignored", result.getNodeId(), result.getJobId(),
                    result.getOutcomeCase());
            return Optional.empty();
        }
        if (!operations.addResult(tx, operationId, stage, result.getNodeId(), result.toByteArray(), database.now())) {
            return Optional.empty();
        }
        List<JobResult> all = parse(operations.results(tx, operationId, stage));
        if (all.size() < wallet.shareCount()) {
            return Optional.empty();
        }
        return Optional.of(stage == Stage.KEYGEN ? keygenComplete(tx, op, wallet, all)
                : activateComplete(tx, op, wallet, all));
    }

    private StoredOperation keygenComplete(DSLContext tx, StoredOperation op, StoredWallet wallet,
            List<JobResult> all) {
        boolean dkg = op.kind() == StoredOperation.Kind.CREATE;
        Function<JobResult, ByteString> key = r -> dkg ? r.getDkg().getPublicKey() : r.getRefresh().getPublicKey();
        Function<JobResult, ByteString> digest = r -> dkg ? r.getDkg().getFinalBroadcastDigest()
                : r.getRefresh().getFinalBroadcastDigest();
        Function<JobResult, ByteString> version = r -> ByteString.copyFromUtf8(String.valueOf(
                dkg ? r.getDkg().getShareVersion() : r.getRefresh().getNewShareVersion()));
        Function<JobResult, ByteString> chain = r -> dkg ? r.getDkg().getChainCode() : ByteString.EMPTY;
        Optional<String> disagreement = disagreement(all, Map.of("the public key", key,
                "the final broadcast digest", digest, "the share version", version, "the chain code", chain));
        ByteString agreedKey = key.apply(all.getFirst());
        if (disagreement.isEmpty() && agreedKey.size() != 33) {
            disagreement = Optional.of("a 33-byte public key");
        }
        if (disagreement.isEmpty() && !version.apply(all.getFirst())
                .equals(ByteString.copyFromUtf8(String.valueOf(op.shareVersion())))) {
            disagreement = Optional.of("share version " + op.shareVersion());
        }
        if (disagreement.isEmpty() && !dkg && !agreedKey.equals(ByteString.copyFrom(wallet.publicKey()))) {
            disagreement = Optional.of("the wallet's public key (a refresh keeps it)");
        }
        if (disagreement.isPresent()) {
            fail(tx, op, wallet, "system", OperationFailures.disagreement(disagreement.get()));
            return op;
        }
        byte[] chainCode = dkg ? emptyToNull(chain.apply(all.getFirst()).toByteArray()) : wallet.chainCode();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", "keygen");
        details.put("to", "activate");
        details.put("public_key", WalletService.hex(agreedKey.toByteArray()));
        details.put("final_broadcast_digest", WalletService.hex(digest.apply(all.getFirst()).toByteArray()));
        details.put("share_version", op.shareVersion());
        details.put("nodes", all.stream().map(JobResult::getNodeId).toList());
        audit.append(tx, AuditEntry.of("system", "operation.stage", "operations/" + op.operationId(), "", details));
        operations.toActivate(tx, op.operationId(), agreedKey.toByteArray(), chainCode, database.now());
        return operations.get(tx, op.operationId(), false).orElseThrow();
    }

    private StoredOperation activateComplete(DSLContext tx, StoredOperation op, StoredWallet wallet,
            List<JobResult> all) {
        for (JobResult r : all) {
            if (r.getActivate().getShareVersion() != op.shareVersion()) {
                fail(tx, op, wallet, "node/" + r.getNodeId(), new StoredOperation.Error(OperationFailures.INTERNAL,
                        "node " + r.getNodeId() + " activated version " + r.getActivate().getShareVersion()
                                + ", not " + op.shareVersion(), ""));
                return op;
            }
        }
        audit.append(tx, AuditEntry.of("system", "operation.done", "operations/" + op.operationId(), "",
                Map.of("share_version", op.shareVersion(), "nodes", all.stream().map(JobResult::getNodeId).toList())));
        operations.done(tx, op.operationId(), database.now());
        StoredWallet.State from = wallet.state();
        audit.append(tx, AuditEntry.of("system", "wallet.state", "wallets/" + wallet.walletId(), "",
                Map.of("from", from.name(), "to", "ACTIVE", "share_version", op.shareVersion(),
                        "public_key", WalletService.hex(op.publicKey()),
                        "operation", "operations/" + op.operationId())));
        wallets.activate(tx, wallet.walletId(), from, op.publicKey(), op.chainCode(), op.shareVersion(),
                op.kind() == StoredOperation.Kind.REFRESH ? database.now() : null);
        return operations.get(tx, op.operationId(), false).orElseThrow();
    }

    private void fail(DSLContext tx, StoredOperation op, StoredWallet wallet, String actor,
            StoredOperation.Error error) {
        audit.append(tx, AuditEntry.of(actor, "operation.fail", "operations/" + op.operationId(), "",
                Map.of("stage", op.stage().storeName(), "code", error.code(), "message", error.message())));
        operations.fail(tx, op.operationId(), error, database.now());
        StoredWallet.State to = op.kind() == StoredOperation.Kind.CREATE ? StoredWallet.State.FAILED
                : StoredWallet.State.ACTIVE;
        if (wallet.state() != to) {
            audit.append(tx, AuditEntry.of(actor, "wallet.state", "wallets/" + wallet.walletId(), "",
                    Map.of("from", wallet.state().name(), "to", to.name(), "operation", "operations/" + op.operationId())));
            wallets.transition(tx, wallet.walletId(), wallet.state(), to);
        }
        LOG.log(Level.WARNING, "operation {0} failed: {1}", op.operationId(), error.message());
    }

    private static Optional<String> disagreement(List<JobResult> all, Map<String, Function<JobResult, ByteString>> fields) {
        for (var field : fields.entrySet()) {
            Set<ByteString> values = new HashSet<>();
            all.forEach(r -> values.add(field.getValue().apply(r)));
            if (values.size() != 1) {
                return Optional.of(field.getKey());
            }
        }
        return Optional.empty();
    }

    private static List<JobResult> parse(List<byte[]> stored) {
        List<JobResult> out = new ArrayList<>();
        for (byte[] bytes : stored) {
            try {
                out.add(JobResult.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a stored result does not parse", e);
            }
        }
        return out;
    }

    private static byte[] emptyToNull(byte[] bytes) {
        return bytes.length == 0 ? null : bytes;
    }
}

package io.custody.control.store;

import static io.custody.control.store.jooq.Tables.OPERATIONS;
import static io.custody.control.store.jooq.Tables.OPERATION_RESULTS;

import io.custody.control.store.jooq.tables.records.OperationsRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;

/** Operations and the per-node results each stage collected ({@code operations}, {@code operation_results}). */
public final class OperationStore {

    private final Database database;

    public OperationStore(Database database) {
        this.database = database;
    }

    public void insert(DSLContext tx, String operationId, StoredOperation.Kind kind, String walletId,
            int shareVersion, Instant deadline, Instant now) {
        tx.insertInto(OPERATIONS)
                .set(OPERATIONS.OPERATION_ID, operationId)
                .set(OPERATIONS.KIND, kind.storeName())
                .set(OPERATIONS.WALLET_ID, walletId)
                .set(OPERATIONS.STAGE, StoredOperation.Stage.KEYGEN.storeName())
                .set(OPERATIONS.SHARE_VERSION, shareVersion)
                .set(OPERATIONS.DEADLINE, Database.utc(deadline))
                .set(OPERATIONS.CREATE_TIME, Database.utc(now))
                .set(OPERATIONS.UPDATE_TIME, Database.utc(now))
                .execute();
    }

    public Optional<StoredOperation> get(String operationId) {
        return get(database.read(), operationId, false);
    }

    public Optional<StoredOperation> get(DSLContext dsl, String operationId, boolean lock) {
        var query = dsl.selectFrom(OPERATIONS).where(OPERATIONS.OPERATION_ID.eq(operationId));
        return (lock ? query.forUpdate().fetchOptional() : query.fetchOptional()).map(OperationStore::operation);
    }

    /** The keygen stage agreed on {@code publicKey}: on to activation (the job is not published yet). */
    public void toActivate(DSLContext tx, String operationId, byte[] publicKey, byte[] chainCode, Instant now) {
        require(tx.update(OPERATIONS)
                .set(OPERATIONS.STAGE, StoredOperation.Stage.ACTIVATE.storeName())
                .set(OPERATIONS.PUBLIC_KEY, publicKey)
                .set(OPERATIONS.CHAIN_CODE, chainCode)
                .set(OPERATIONS.JOB_PUBLISHED, false)
                .set(OPERATIONS.UPDATE_TIME, Database.utc(now))
                .where(OPERATIONS.OPERATION_ID.eq(operationId)
                        .and(OPERATIONS.STAGE.eq(StoredOperation.Stage.KEYGEN.storeName())))
                .execute(), operationId);
    }

    public void done(DSLContext tx, String operationId, Instant now) {
        require(tx.update(OPERATIONS)
                .set(OPERATIONS.STAGE, StoredOperation.Stage.DONE.storeName())
                .set(OPERATIONS.UPDATE_TIME, Database.utc(now))
                .where(OPERATIONS.OPERATION_ID.eq(operationId)
                        .and(OPERATIONS.STAGE.eq(StoredOperation.Stage.ACTIVATE.storeName())))
                .execute(), operationId);
    }

    public void fail(DSLContext tx, String operationId, StoredOperation.Error error, Instant now) {
        require(tx.update(OPERATIONS)
                .set(OPERATIONS.STAGE, StoredOperation.Stage.FAILED.storeName())
                .set(OPERATIONS.ERROR_CODE, error.code())
                .set(OPERATIONS.ERROR_MESSAGE, error.message())
                .set(OPERATIONS.ERROR_CORRELATION_ID, error.correlationId())
                .set(OPERATIONS.UPDATE_TIME, Database.utc(now))
                .where(OPERATIONS.OPERATION_ID.eq(operationId)
                        .and(OPERATIONS.STAGE.in(StoredOperation.Stage.KEYGEN.storeName(),
                                StoredOperation.Stage.ACTIVATE.storeName())))
                .execute(), operationId);
    }

    /** Records the job of the current stage as accepted by JetStream (not a state change). */
    public void markPublished(String operationId, StoredOperation.Stage stage) {
        database.read().update(OPERATIONS).set(OPERATIONS.JOB_PUBLISHED, true)
                .where(OPERATIONS.OPERATION_ID.eq(operationId).and(OPERATIONS.STAGE.eq(stage.storeName())))
                .execute();
    }

    /** Keeps the first result of {@code node} for the stage; false if it had reported already. */
    public boolean addResult(DSLContext tx, String operationId, StoredOperation.Stage stage, String node,
            byte[] result, Instant now) {
        return tx.insertInto(OPERATION_RESULTS)
                .set(OPERATION_RESULTS.OPERATION_ID, operationId)
                .set(OPERATION_RESULTS.STAGE, stage.storeName())
                .set(OPERATION_RESULTS.NODE_ID, node)
                .set(OPERATION_RESULTS.RESULT, result)
                .set(OPERATION_RESULTS.RECEIVED_TIME, Database.utc(now))
                .onConflictDoNothing()
                .execute() == 1;
    }

    public List<byte[]> results(DSLContext tx, String operationId, StoredOperation.Stage stage) {
        return tx.select(OPERATION_RESULTS.RESULT).from(OPERATION_RESULTS)
                .where(OPERATION_RESULTS.OPERATION_ID.eq(operationId).and(OPERATION_RESULTS.STAGE.eq(stage.storeName())))
                .orderBy(OPERATION_RESULTS.NODE_ID).fetch(OPERATION_RESULTS.RESULT);
    }

    /** Every operation not done; {@code unpublishedOnly}: only those whose current job JetStream has not acknowledged. */
    public List<StoredOperation> open(boolean unpublishedOnly) {
        var where = OPERATIONS.STAGE.in(StoredOperation.Stage.KEYGEN.storeName(),
                StoredOperation.Stage.ACTIVATE.storeName());
        if (unpublishedOnly) {
            where = where.and(OPERATIONS.JOB_PUBLISHED.isFalse());
        }
        return database.read().selectFrom(OPERATIONS).where(where).orderBy(OPERATIONS.CREATE_TIME)
                .fetch(OperationStore::operation);
    }

    private static void require(int updated, String operationId) {
        if (updated != 1) {
            throw new IllegalStateException("operation " + operationId + " is not in the expected stage");
        }
    }

    private static StoredOperation operation(OperationsRecord r) {
        Optional<StoredOperation.Error> error = r.getErrorCode() == null ? Optional.empty()
                : Optional.of(new StoredOperation.Error(r.getErrorCode(), r.getErrorMessage(),
                        r.getErrorCorrelationId() == null ? "" : r.getErrorCorrelationId()));
        return new StoredOperation(r.getOperationId(),
                StoredOperation.Kind.valueOf(r.getKind().toUpperCase(Locale.ROOT)), r.getWalletId(),
                StoredOperation.Stage.valueOf(r.getStage().toUpperCase(Locale.ROOT)), r.getShareVersion(),
                r.getPublicKey(), r.getChainCode(), error, r.getJobPublished(), Database.instant(r.getDeadline()),
                Database.instant(r.getCreateTime()), Database.instant(r.getUpdateTime()));
    }
}

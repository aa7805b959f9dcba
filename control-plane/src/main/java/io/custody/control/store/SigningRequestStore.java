package io.custody.control.store;

import static io.custody.control.store.jooq.Tables.SIGNING_REQUESTS;

import io.custody.control.store.StoredSigningRequest.State;
import io.custody.control.store.jooq.tables.records.SigningRequestsRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;

/** Signing requests ({@code signing_requests}); every state change is a guarded UPDATE. */
public final class SigningRequestStore {

    private final Database database;

    public SigningRequestStore(Database database) {
        this.database = database;
    }

    /** A new request, RECEIVED. */
    public void insert(DSLContext tx, String requestId, String walletId, String clientId, String clientKeyId,
            String idempotencyKey, String method, byte[] requestBytes, byte[] digest, Instant deadline, Instant now) {
        tx.insertInto(SIGNING_REQUESTS)
                .set(SIGNING_REQUESTS.REQUEST_ID, requestId)
                .set(SIGNING_REQUESTS.WALLET_ID, walletId)
                .set(SIGNING_REQUESTS.CLIENT_ID, clientId)
                .set(SIGNING_REQUESTS.CLIENT_KEY_ID, clientKeyId)
                .set(SIGNING_REQUESTS.IDEMPOTENCY_KEY, idempotencyKey)
                .set(SIGNING_REQUESTS.METHOD, method)
                .set(SIGNING_REQUESTS.REQUEST_BYTES, requestBytes)
                .set(SIGNING_REQUESTS.DIGEST, digest)
                .set(SIGNING_REQUESTS.STATE, State.RECEIVED.storeName())
                .set(SIGNING_REQUESTS.DEADLINE, Database.utc(deadline))
                .set(SIGNING_REQUESTS.CREATE_TIME, Database.utc(now))
                .set(SIGNING_REQUESTS.UPDATE_TIME, Database.utc(now))
                .execute();
    }

    public Optional<StoredSigningRequest> get(String requestId) {
        return get(database.read(), requestId, false);
    }

    public Optional<StoredSigningRequest> get(DSLContext dsl, String requestId, boolean lock) {
        var query = dsl.selectFrom(SIGNING_REQUESTS).where(SIGNING_REQUESTS.REQUEST_ID.eq(requestId));
        return (lock ? query.forUpdate().fetchOptional() : query.fetchOptional()).map(SigningRequestStore::request);
    }

    /** {@code from} → {@code to}; false (nothing changed) if the request is not in {@code from}. */
    public boolean transition(DSLContext tx, String requestId, State from, State to, Instant now) {
        return tx.update(SIGNING_REQUESTS)
                .set(SIGNING_REQUESTS.STATE, to.storeName())
                .set(SIGNING_REQUESTS.UPDATE_TIME, Database.utc(now))
                .where(SIGNING_REQUESTS.REQUEST_ID.eq(requestId).and(SIGNING_REQUESTS.STATE.eq(from.storeName())))
                .execute() == 1;
    }

    /** SIGNING → SIGNED with what the quorum produced. */
    public boolean signed(DSLContext tx, String requestId, StoredSigningRequest.Signed signed, Instant now) {
        return tx.update(SIGNING_REQUESTS)
                .set(SIGNING_REQUESTS.STATE, State.SIGNED.storeName())
                .set(SIGNING_REQUESTS.SIGNATURE_R, signed.r())
                .set(SIGNING_REQUESTS.SIGNATURE_S, signed.s())
                .set(SIGNING_REQUESTS.RECOVERY_ID, signed.recoveryId())
                .set(SIGNING_REQUESTS.SIGNED_TRANSACTION, signed.signedTransaction())
                .set(SIGNING_REQUESTS.TRANSACTION_HASH, signed.transactionHash())
                .set(SIGNING_REQUESTS.QUORUM_NODE_IDS, String.join(",", signed.quorumNodeIds()))
                .set(SIGNING_REQUESTS.UPDATE_TIME, Database.utc(now))
                .where(SIGNING_REQUESTS.REQUEST_ID.eq(requestId).and(SIGNING_REQUESTS.STATE.eq(State.SIGNING.storeName())))
                .execute() == 1;
    }

    /** {@code from} (not terminal) → FAILED. */
    public boolean failed(DSLContext tx, String requestId, State from, StoredSigningRequest.Failure failure,
            Instant now) {
        return tx.update(SIGNING_REQUESTS)
                .set(SIGNING_REQUESTS.STATE, State.FAILED.storeName())
                .set(SIGNING_REQUESTS.FAILURE_REASON, failure.reason().storeName())
                .set(SIGNING_REQUESTS.FAILURE_MESSAGE, failure.message())
                .set(SIGNING_REQUESTS.FAILURE_CORRELATION_ID, failure.correlationId())
                .set(SIGNING_REQUESTS.UPDATE_TIME, Database.utc(now))
                .where(SIGNING_REQUESTS.REQUEST_ID.eq(requestId).and(SIGNING_REQUESTS.STATE.eq(from.storeName())))
                .execute() == 1;
    }

    /** Records the sign job as accepted by JetStream (not a state change: no audit event). */
    public void markPublished(String requestId) {
        database.read().update(SIGNING_REQUESTS).set(SIGNING_REQUESTS.JOB_PUBLISHED, true)
                .where(SIGNING_REQUESTS.REQUEST_ID.eq(requestId)
                        .and(SIGNING_REQUESTS.STATE.in(State.QUEUED.storeName(), State.SIGNING.storeName())))
                .execute();
    }

    /** Requests not terminal; {@code unpublishedOnly}: only QUEUED/SIGNING ones whose job JetStream never acknowledged, and RECEIVED ones. */
    public List<StoredSigningRequest> open(boolean unpublishedOnly) {
        var where = SIGNING_REQUESTS.STATE.in(State.RECEIVED.storeName(), State.QUEUED.storeName(),
                State.SIGNING.storeName());
        if (unpublishedOnly) {
            where = where.and(SIGNING_REQUESTS.JOB_PUBLISHED.isFalse());
        }
        return database.read().selectFrom(SIGNING_REQUESTS).where(where).orderBy(SIGNING_REQUESTS.ORDINAL)
                .fetch(SigningRequestStore::request);
    }

    private static StoredSigningRequest request(SigningRequestsRecord r) {
        Optional<StoredSigningRequest.Signed> signed = r.getSignatureR() == null ? Optional.empty()
                : Optional.of(new StoredSigningRequest.Signed(r.getSignatureR(), r.getSignatureS(), r.getRecoveryId(),
                        orEmpty(r.getSignedTransaction()), orEmpty(r.getTransactionHash()),
                        r.getQuorumNodeIds() == null || r.getQuorumNodeIds().isEmpty() ? List.of()
                                : Arrays.asList(r.getQuorumNodeIds().split(","))));
        Optional<StoredSigningRequest.Failure> failure = r.getFailureReason() == null ? Optional.empty()
                : Optional.of(new StoredSigningRequest.Failure(
                        StoredSigningRequest.FailureReason.valueOf(r.getFailureReason().toUpperCase(Locale.ROOT)),
                        r.getFailureMessage() == null ? "" : r.getFailureMessage(),
                        r.getFailureCorrelationId() == null ? "" : r.getFailureCorrelationId()));
        return new StoredSigningRequest(r.getRequestId(), r.getOrdinal(), r.getWalletId(), r.getClientId(),
                r.getClientKeyId(), r.getIdempotencyKey(), r.getMethod(), r.getRequestBytes(), r.getDigest(),
                State.valueOf(r.getState().toUpperCase(Locale.ROOT)), r.getJobPublished(), signed, failure,
                Database.instant(r.getDeadline()), Database.instant(r.getCreateTime()),
                Database.instant(r.getUpdateTime()));
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }
}

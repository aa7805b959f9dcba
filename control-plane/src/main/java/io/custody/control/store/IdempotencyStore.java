package io.custody.control.store;

import static io.custody.control.store.jooq.Tables.IDEMPOTENCY_RECORDS;

import io.custody.control.ControlPlaneException;
import io.custody.control.store.jooq.tables.records.IdempotencyRecordsRecord;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Idempotency keys, scoped to the signing key. {@link #claim} is the first statement of every
 * mutating transaction: concurrent duplicates queue on the primary key until the first commits
 * (or rolls back), so exactly one of them creates anything.
 */
public final class IdempotencyStore {

    /**
     * Claims {@code (keyId, idempotencyKey)} for {@code resource}. Returns empty when the claim is
     * new (go on and create {@code resource}), or the resource an earlier request with the same
     * signed bytes created (answer with it, create nothing).
     *
     * @throws ControlPlaneException.AlreadyExists if the key was used for other signed bytes
     */
    public Optional<String> claim(DSLContext tx, String keyId, String idempotencyKey, String method,
            byte[] requestSha256, String resource, Instant now) {
        int inserted = tx.insertInto(IDEMPOTENCY_RECORDS)
                .set(IDEMPOTENCY_RECORDS.KEY_ID, keyId)
                .set(IDEMPOTENCY_RECORDS.IDEMPOTENCY_KEY, idempotencyKey)
                .set(IDEMPOTENCY_RECORDS.METHOD, method)
                .set(IDEMPOTENCY_RECORDS.REQUEST_SHA256, requestSha256)
                .set(IDEMPOTENCY_RECORDS.RESOURCE, resource)
                .set(IDEMPOTENCY_RECORDS.CREATE_TIME, Database.utc(now))
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            return Optional.empty();
        }
        IdempotencyRecordsRecord earlier = tx.selectFrom(IDEMPOTENCY_RECORDS)
                .where(IDEMPOTENCY_RECORDS.KEY_ID.eq(keyId).and(IDEMPOTENCY_RECORDS.IDEMPOTENCY_KEY.eq(idempotencyKey)))
                .fetchSingle();
        if (!MessageDigest.isEqual(earlier.getRequestSha256(), requestSha256)) {
            throw new ControlPlaneException.AlreadyExists("idempotency key \"" + idempotencyKey
                    + "\" was already used by this key for a different request (" + earlier.getMethod() + ")");
        }
        return Optional.of(earlier.getResource());
    }
}

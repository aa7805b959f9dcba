package io.custody.control.audit;

import static io.custody.control.store.jooq.Tables.AUDIT_EVENTS;
import static io.custody.control.store.jooq.Tables.AUDIT_HEAD;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.custody.control.store.Database;
import io.custody.control.store.jooq.tables.records.AuditEventsRecord;
import io.custody.proto.admin.v1.AuditEvent;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * The append-only, hash-chained audit log (invariant 5). {@link #append} runs inside the caller's
 * transaction, before the state change it records: it locks the chain head, so appends are
 * serial and gapless, and if it fails the transaction — and so the action — fails. The table's
 * trigger checks the link again and refuses updates and deletes.
 */
public final class AuditLog {

    private final Database database;

    public AuditLog(Database database) {
        this.database = database;
    }

    /** Appends {@code entry} as the next event in {@code tx}; returns it, hashed. */
    public AuditEvent append(DSLContext tx, AuditEntry entry) {
        // Locked as the schema owner (audit_head_for_append is SECURITY DEFINER): the runtime role
        // may not write the head, and SELECT ... FOR UPDATE would need it to.
        Record2<Long, byte[]> head = tx.resultQuery("select sequence, hash from audit_head_for_append()")
                .coerce(AUDIT_HEAD.SEQUENCE, AUDIT_HEAD.HASH).fetchSingle();
        Instant now = database.now();
        AuditEvent unhashed = AuditEvent.newBuilder()
                .setSequence(head.value1() + 1)
                .setTime(timestamp(now))
                .setActor(entry.actor())
                .setAction(entry.action())
                .setResource(entry.resource())
                .setCorrelationId(entry.correlationId())
                .setDetailsJson(entry.detailsJson())
                .setPreviousHash(ByteString.copyFrom(head.value2()))
                .build();
        AuditEvent event = unhashed.toBuilder().setHash(ByteString.copyFrom(AuditHashes.hash(unhashed))).build();
        tx.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.SEQUENCE, event.getSequence())
                .set(AUDIT_EVENTS.EVENT_TIME, Database.utc(now))
                .set(AUDIT_EVENTS.ACTOR, event.getActor())
                .set(AUDIT_EVENTS.ACTION, event.getAction())
                .set(AUDIT_EVENTS.RESOURCE, event.getResource())
                .set(AUDIT_EVENTS.CORRELATION_ID, event.getCorrelationId())
                .set(AUDIT_EVENTS.DETAILS_JSON, event.getDetailsJson())
                .set(AUDIT_EVENTS.PREVIOUS_HASH, event.getPreviousHash().toByteArray())
                .set(AUDIT_EVENTS.HASH, event.getHash().toByteArray())
                .execute();
        return event;
    }

    /** Up to {@code limit} events with sequence >= {@code from}, optionally for one resource. */
    public List<AuditEvent> list(long from, String resource, int limit) {
        Condition where = AUDIT_EVENTS.SEQUENCE.ge(from);
        if (!resource.isEmpty()) {
            where = where.and(AUDIT_EVENTS.RESOURCE.eq(resource));
        }
        return database.read().selectFrom(AUDIT_EVENTS).where(where).orderBy(AUDIT_EVENTS.SEQUENCE).limit(limit)
                .fetch(AuditLog::event);
    }

    /** The newest sequence number, 0 for an empty log. */
    public long headSequence() {
        return database.read().select(DSL.max(AUDIT_EVENTS.SEQUENCE)).from(AUDIT_EVENTS)
                .fetchOptional(0, Long.class).orElse(0L);
    }

    /**
     * Recomputes every hash in {@code [from, to]} (to = 0: the newest) and checks each link,
     * the link into {@code from} included, and that no sequence number is missing.
     */
    public ChainCheck verify(long from, long to) {
        long first = Math.max(1, from);
        long last = to == 0 ? headSequence() : to;
        if (last < first) {
            return new ChainCheck(first, last, new byte[0], Optional.empty(), "");
        }
        byte[] previous = first == 1 ? AuditHashes.GENESIS : storedHash(first - 1).orElse(null);
        if (previous == null) {
            return new ChainCheck(first, last, new byte[0], Optional.of(first - 1), "missing event");
        }
        long expected = first;
        byte[] head = new byte[0];
        final int batch = 1000;
        while (expected <= last) {
            List<AuditEventsRecord> rows = database.read().selectFrom(AUDIT_EVENTS)
                    .where(AUDIT_EVENTS.SEQUENCE.between(expected, last)).orderBy(AUDIT_EVENTS.SEQUENCE)
                    .limit(batch).fetch();
            if (rows.isEmpty()) {
                return new ChainCheck(first, last, head, Optional.of(expected), "missing event");
            }
            for (AuditEventsRecord row : rows) {
                if (row.getSequence() != expected) {
                    return new ChainCheck(first, last, head, Optional.of(expected), "missing event");
                }
                AuditEvent event = event(row);
                if (!MessageDigest.isEqual(previous, row.getPreviousHash())) {
                    return new ChainCheck(first, last, head, Optional.of(expected),
                            "broken link: previous_hash is not the hash of event " + (expected - 1));
                }
                if (!MessageDigest.isEqual(AuditHashes.hash(event), row.getHash())) {
                    return new ChainCheck(first, last, head, Optional.of(expected),
                            "hash mismatch: the stored event does not hash to its stored hash");
                }
                previous = row.getHash();
                head = row.getHash();
                expected++;
            }
        }
        return new ChainCheck(first, last, head, Optional.empty(), "");
    }

    /** The stored hash of event {@code sequence}, if there is such an event. */
    public Optional<byte[]> storedHash(long sequence) {
        return database.read().select(AUDIT_EVENTS.HASH).from(AUDIT_EVENTS).where(AUDIT_EVENTS.SEQUENCE.eq(sequence))
                .fetchOptional(AUDIT_EVENTS.HASH);
    }

    static AuditEvent event(AuditEventsRecord row) {
        return AuditEvent.newBuilder()
                .setSequence(row.getSequence())
                .setTime(timestamp(Database.instant(row.getEventTime())))
                .setActor(row.getActor())
                .setAction(row.getAction())
                .setResource(row.getResource())
                .setCorrelationId(row.getCorrelationId())
                .setDetailsJson(row.getDetailsJson())
                .setPreviousHash(ByteString.copyFrom(row.getPreviousHash()))
                .setHash(ByteString.copyFrom(row.getHash()))
                .build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** The head as the append trigger last moved it: the newest event's sequence and hash, read together. */
    public ChainHead head() {
        return database.read().select(AUDIT_HEAD.SEQUENCE, AUDIT_HEAD.HASH).from(AUDIT_HEAD)
                .where(AUDIT_HEAD.SINGLETON.isTrue()).fetchOptional(r -> new ChainHead(r.value1(), r.value2()))
                .orElse(new ChainHead(0, AuditHashes.GENESIS));
    }

    /** For tests and diagnostics: a copy of the hash of the newest event. */
    public byte[] headHash() {
        return database.read().select(AUDIT_HEAD.HASH).from(AUDIT_HEAD).fetchOptional(AUDIT_HEAD.HASH)
                .map(h -> Arrays.copyOf(h, h.length)).orElse(new byte[32]);
    }

}

package io.custody.control.testing;

import com.google.protobuf.ByteString;
import io.custody.control.audit.AuditHashes;
import io.custody.control.audit.AuditLog;
import io.custody.proto.admin.v1.AuditEvent;
import java.util.List;

/**
 * What someone holding the schema owner's password can do to the audit log, and anchoring must
 * catch: switch the append trigger off (the owner may) and rewrite history consistently, every
 * later hash recomputed and the head moved, so the stored chain verifies on its own.
 */
public final class OwnerRewrite {

    private OwnerRewrite() {}

    /** Changes the actor of event {@code victim} and recomputes every hash from there to the head. */
    public static void rewriteActor(TestDatabase db, AuditLog log, long victim, String actor) {
        List<AuditEvent> events = log.list(victim, "", 100_000);
        ByteString previous = events.getFirst().getPreviousHash();
        db.ownerSql().transaction(c -> {
            c.dsl().execute("alter table audit_events disable trigger audit_events_append");
            ByteString link = previous;
            for (AuditEvent stored : events) {
                AuditEvent.Builder changed = stored.toBuilder().setPreviousHash(link).clearHash();
                if (stored.getSequence() == victim) {
                    changed.setActor(actor);
                }
                byte[] hash = AuditHashes.hash(changed.build());
                c.dsl().execute("update audit_events set actor = ?, previous_hash = ?, hash = ? where sequence = ?",
                        changed.getActor(), link.toByteArray(), hash, stored.getSequence());
                link = ByteString.copyFrom(hash);
            }
            c.dsl().execute("update audit_head set hash = ? where singleton", link.toByteArray());
            c.dsl().execute("alter table audit_events enable trigger audit_events_append");
        });
    }

    /** Removes every event after {@code keep} and moves the head back to it. */
    public static void cutAfter(TestDatabase db, AuditLog log, long keep) {
        byte[] hash = log.storedHash(keep).orElseThrow();
        db.ownerSql().transaction(c -> {
            c.dsl().execute("alter table audit_events disable trigger audit_events_append");
            c.dsl().execute("delete from audit_events where sequence > ?", keep);
            c.dsl().execute("update audit_head set sequence = ?, hash = ? where singleton", keep, hash);
            c.dsl().execute("alter table audit_events enable trigger audit_events_append");
        });
    }
}

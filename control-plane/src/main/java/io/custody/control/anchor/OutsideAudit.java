package io.custody.control.anchor;

import io.custody.control.audit.AuditHashes;
import io.custody.control.s3.ObjectStoreException;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.AuditEvent;
import io.custody.proto.admin.v1.ListAuditEventsRequest;
import io.custody.proto.admin.v1.ListAuditEventsResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The audit check an auditor runs away from the control plane's host, trusting neither its
 * answers nor its store: the events come from {@code ListAuditEvents} and every hash and link is
 * recomputed here; the anchors are read from the bucket with the auditor's own read-only
 * credentials. A host that serves a rewritten chain fails at the first anchor the rewrite crossed,
 * whatever its {@code VerifyAuditChain} says.
 */
public final class OutsideAudit {

    private static final int PAGE = 1000;

    private final AdminServiceGrpc.AdminServiceBlockingStub admin;
    private final AnchorLog anchors;

    public OutsideAudit(AdminServiceGrpc.AdminServiceBlockingStub admin, AnchorLog anchors) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.anchors = Objects.requireNonNull(anchors, "anchors");
    }

    /** What the auditor found: events and anchors checked, and the first problem (empty: none). */
    public record Finding(long events, int anchorsChecked, long lastAnchoredSequence, String problem) {
        public boolean valid() {
            return problem.isEmpty();
        }
    }

    /** Reads the anchors, then the whole log page by page, and checks both. */
    public Finding run() {
        TreeMap<Long, Anchor> anchored = new TreeMap<>();
        try {
            for (AnchorLog.Read read : anchors.readAll()) {
                if (!read.readable()) {
                    return new Finding(0, 0, 0, "anchor object " + read.key() + " " + read.problem());
                }
                anchored.put(read.anchor().sequence(), read.anchor());
            }
        } catch (ObjectStoreException e) {
            return new Finding(0, 0, 0, "the anchors could not be read: " + e.getMessage());
        }
        long last = anchored.isEmpty() ? 0 : anchored.lastKey();
        byte[] previous = AuditHashes.GENESIS;
        long expected = 1;
        int checked = 0;
        String token = "";
        do {
            ListAuditEventsResponse page = admin.listAuditEvents(ListAuditEventsRequest.newBuilder()
                    .setPageSize(PAGE).setStartSequence(1).setPageToken(token).build());
            for (AuditEvent event : page.getEventsList()) {
                String problem = problem(event, expected, previous);
                Anchor anchor = anchored.get(event.getSequence());
                if (problem.isEmpty() && anchor != null) {
                    checked++;
                    if (!MessageDigest.isEqual(anchor.hash(), event.getHash().toByteArray())) {
                        problem = "event " + expected + " has hash " + hex(event.getHash().toByteArray())
                                + " but was anchored with " + hex(anchor.hash()) + " (anchor written " + anchor.time()
                                + " by " + anchor.controlPlaneId() + "): the chain was rewritten";
                    }
                }
                if (!problem.isEmpty()) {
                    return new Finding(expected - 1, checked, last, problem);
                }
                previous = event.getHash().toByteArray();
                expected++;
            }
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        long events = expected - 1;
        if (last > events) {
            return new Finding(events, checked, last, "the log ends at event " + events + ", before anchored event "
                    + anchored.ceilingKey(events + 1) + ": events were removed");
        }
        return new Finding(events, checked, last, "");
    }

    private static String problem(AuditEvent event, long expected, byte[] previous) {
        if (event.getSequence() != expected) {
            return "event " + expected + " is missing (the log jumps to " + event.getSequence() + ")";
        }
        if (!MessageDigest.isEqual(previous, event.getPreviousHash().toByteArray())) {
            return "event " + expected + ": previous_hash is not the hash of event " + (expected - 1);
        }
        if (!MessageDigest.isEqual(AuditHashes.hash(event), event.getHash().toByteArray())) {
            return "event " + expected + " does not hash to its hash";
        }
        return "";
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

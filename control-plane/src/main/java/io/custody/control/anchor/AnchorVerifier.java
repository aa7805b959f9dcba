package io.custody.control.anchor;

import io.custody.control.audit.AuditLog;
import io.custody.control.audit.ChainCheck;
import io.custody.control.s3.ObjectStoreException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the stored chain with the anchors: each anchored (sequence, hash) in the range checked
 * must be the stored event's hash, and a check up to the newest event must reach the newest
 * anchor. Combined with {@link AuditLog#verify} (every stored hash recomputed and linked), a chain
 * that passes both is the anchored one up to its newest anchor. An anchor store that cannot be read,
 * or an object under the prefix that is not an anchor, fails the check: no verdict of "valid"
 * without the anchors.
 */
public final class AnchorVerifier {

    private final AnchorLog anchors;
    private final AuditLog audit;

    public AnchorVerifier(AnchorLog anchors, AuditLog audit) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Checks the anchors against {@code chain} (the outcome of {@code audit.verify(from, to)});
     * {@code toNewest}: the check ran to the newest event, so the log must reach every anchor.
     */
    public AnchorCheck check(ChainCheck chain, boolean toNewest) {
        List<AnchorLog.Read> reads;
        try {
            reads = anchors.readAll();
        } catch (ObjectStoreException e) {
            return new AnchorCheck(0, 0, Optional.empty(), "the anchors could not be read: " + e.getMessage());
        }
        long last = 0;
        int checked = 0;
        for (AnchorLog.Read read : reads) {
            if (!read.readable()) {
                return new AnchorCheck(checked, last, Optional.empty(),
                        "anchor object " + read.key() + " (version " + read.versionId() + ") " + read.problem());
            }
            last = Math.max(last, read.anchor().sequence());
        }
        for (AnchorLog.Read read : reads) {
            Anchor anchor = read.anchor();
            long sequence = anchor.sequence();
            if (sequence < chain.from() || (!toNewest && sequence > chain.to())) {
                continue;
            }
            checked++;
            if (sequence > chain.to()) {
                return disagreement(checked, last, anchor, "the log ends at event " + chain.to()
                        + ", before anchored event " + sequence + ": events were removed");
            }
            Optional<byte[]> stored = audit.storedHash(sequence);
            if (stored.isEmpty()) {
                return disagreement(checked, last, anchor, "anchored event " + sequence + " is missing from the log");
            }
            if (!MessageDigest.isEqual(stored.get(), anchor.hash())) {
                return disagreement(checked, last, anchor, "event " + sequence + " has hash "
                        + HexFormat.of().formatHex(stored.get()) + " but was anchored with "
                        + HexFormat.of().formatHex(anchor.hash()) + ": the chain was rewritten");
            }
        }
        return new AnchorCheck(checked, last, Optional.empty(), "");
    }

    private static AnchorCheck disagreement(int checked, long last, Anchor anchor, String why) {
        return new AnchorCheck(checked, last, Optional.of(anchor.sequence()),
                why + " (anchor written " + anchor.time() + " by " + anchor.controlPlaneId() + ")");
    }
}

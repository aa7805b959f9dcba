package io.custody.control.anchor;

import io.custody.control.audit.AuditLog;
import io.custody.control.audit.ChainHead;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Anchors the chain head every {@code interval} when it moved, and once more at {@link #close}.
 * A failed write is logged and tried again at the next round; serving goes on (the anchor bounds
 * how long a rewrite can go unnoticed, it does not gate appends).
 */
public final class AuditAnchoring implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditAnchoring.class.getName());

    private final AuditLog audit;
    private final AnchorLog anchors;
    private final String controlPlaneId;
    private final Clock clock;
    private long anchoredSequence = -1;
    private ScheduledFuture<?> task;

    public AuditAnchoring(AuditLog audit, AnchorLog anchors, String controlPlaneId, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.controlPlaneId = Objects.requireNonNull(controlPlaneId, "controlPlaneId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Anchors every {@code interval} on {@code timer}, the first time right away. */
    public synchronized AuditAnchoring start(ScheduledExecutorService timer, Duration interval) {
        long every = interval.toMillis();
        task = timer.scheduleWithFixedDelay(this::anchorQuietly, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Writes the head as an anchor if it moved since the last one written; returns it if written. */
    public synchronized Optional<Anchor> anchorIfMoved() {
        ChainHead head = audit.head();
        if (head.sequence() == 0 || head.sequence() == anchoredSequence) {
            return Optional.empty();
        }
        Anchor anchor = new Anchor(head.sequence(), head.hash(), clock.instant(), controlPlaneId);
        String key = anchors.write(anchor);
        anchoredSequence = head.sequence();
        LOG.log(Level.DEBUG, "anchored audit event {0} at s3://{1}/{2}", head.sequence(), anchors.bucket().bucket(), key);
        return Optional.of(anchor);
    }

    private void anchorQuietly() {
        try {
            anchorIfMoved();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "anchoring the audit chain failed (tried again next round): {0}", e.getMessage());
        }
    }

    /** Stops the rounds and anchors the head one last time (call before the database closes). */
    @Override
    public void close() {
        ScheduledFuture<?> running;
        synchronized (this) {
            running = task;
        }
        if (running != null) {
            running.cancel(false);
        }
        anchorQuietly();
    }
}

/**
 * Anchors of the audit chain (control-plane/README.md, "Audit"): the chain head (sequence and
 * hash) written every so often, and at shutdown, when it moved, to an S3 bucket under Object Lock
 * COMPLIANCE ({@link io.custody.control.s3.LockedBucket}), where nobody — not the database's owner,
 * not this host — can change or remove it before its retention ends.
 *
 * <p>Invariant: a chain that verifies must pass through every anchor (the oldest version of each
 * anchor object counts: a later overwrite cannot move an anchor) and must reach the newest one. A
 * chain rewritten with every hash recomputed therefore fails at the first anchor at or after the
 * rewritten event; what changed after the newest anchor is detected only once the next anchor is
 * written, so the interval bounds the window.
 */
package io.custody.control.anchor;

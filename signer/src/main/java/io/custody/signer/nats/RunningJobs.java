package io.custody.signer.nats;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sign jobs this node is in a session for right now, as coordinator or member. A delivery of
 * the same job that overtakes the running session (its {@code ack_wait} ran out, or nats-server
 * lost the ack state) must not start a second session beside it: the node declines proposals for
 * a running job, and a coordinator that pulls one again puts it back. Once the session ends, its
 * result is in {@link FinishedJobs} (or it failed retryably and may run again).
 */
final class RunningJobs {
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Marks the job running; false if it already was (the caller must not start a session). */
    boolean begin(String jobId) {
        return running.add(jobId);
    }

    void end(String jobId) {
        running.remove(jobId);
    }

    boolean contains(String jobId) {
        return running.contains(jobId);
    }
}

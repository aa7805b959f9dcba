package io.custody.signer.nats;

import io.custody.proto.mpc.v1.JobResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sign jobs this node has finished for good (as coordinator or member), with its own result: a
 * signature, or a failure that must not be retried (a party may have released its last-round
 * message, or one cheated). A job comes back although it finished when the coordinator's ack did
 * not reach the server (nats-server restarted, the connection dropped) or the coordinator died
 * before acking: the coordinator that holds a result for the job republishes it (same
 * {@code Nats-Msg-Id}) and acks; a member that holds one answers the proposal with
 * {@link Subjects#ALREADY_FINISHED} and its result, and the coordinator finishes the job the same
 * way without a new session — so a job is never signed twice and a failed-closed job never runs
 * again. In memory only, bounded (most recent {@value #CAPACITY} jobs): a signer restart forgets
 * it (docs/mpc-protocol.md).
 */
final class FinishedJobs {
    static final int CAPACITY = 65_536;

    private final Map<String, JobResult> finished = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobResult> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Whether {@code result} ends its job for good: a signature, or a failure that is not retried. */
    static boolean isFinal(JobResult result) {
        return result.hasSign() || (result.hasFailure() && !result.getFailure().getRetryable());
    }

    /** Records this node's result for a job if it is final; a retryable failure is not recorded. */
    synchronized void record(JobResult result) {
        if (isFinal(result)) {
            finished.putIfAbsent(result.getJobId(), result);
        }
    }

    synchronized Optional<JobResult> get(String jobId) {
        return Optional.ofNullable(finished.get(jobId));
    }
}

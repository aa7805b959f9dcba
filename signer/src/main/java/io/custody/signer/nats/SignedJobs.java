package io.custody.signer.nats;

import io.custody.proto.mpc.v1.JobResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sign jobs this node has produced a signature for (as coordinator or member), with its own
 * result, so that a job delivered again is never signed a second time. A job comes back although
 * it was signed when the coordinator's ack did not reach the server (nats-server restarted, the
 * connection dropped): the coordinator that holds a signature for the job republishes its own
 * result (same {@code Nats-Msg-Id}) and acks; a member that holds one answers the proposal with
 * {@link Subjects#ALREADY_SIGNED} (and republishes its result), and the coordinator acks the job
 * without a new session. In memory only, bounded (most recent {@value #CAPACITY} jobs): a signer
 * restart forgets it (docs/mpc-protocol.md).
 */
final class SignedJobs {
    static final int CAPACITY = 65_536;

    private final Map<String, JobResult> signed = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobResult> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records this node's result for a job it signed; a failure is not recorded. */
    synchronized void record(JobResult result) {
        if (result.hasSign()) {
            signed.putIfAbsent(result.getJobId(), result);
        }
    }

    synchronized Optional<JobResult> get(String jobId) {
        return Optional.ofNullable(signed.get(jobId));
    }
}

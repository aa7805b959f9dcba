package io.custody.e2e;

import io.custody.proto.mpc.v1.JobResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How each of a set of sign jobs ended, by the results collected from the RESULTS stream: signed
 * (by t reporters, or fewer — a member whose phase 4 fell into the outage reports a failure
 * instead), failed closed (no signature, a non-retryable failure), or unfinished (neither: lost,
 * if its job is no longer in JOBS).
 */
record JobOutcomes(List<String> signed, List<String> partlyReported, List<String> failedClosed,
                   List<String> unfinished) {

    static JobOutcomes of(Map<String, List<JobResult>> results, Collection<String> jobIds) {
        JobOutcomes outcomes = new JobOutcomes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (String jobId : jobIds) {
            List<JobResult> list = results.getOrDefault(jobId, List.of());
            long reporters = list.stream().filter(JobResult::hasSign).map(JobResult::getNodeId).distinct().count();
            if (reporters > 0) {
                outcomes.signed.add(jobId);
                if (reporters < SignerPlane.T) {
                    outcomes.partlyReported.add(jobId);
                }
            } else if (failedClosed(list)) {
                outcomes.failedClosed.add(jobId);
            } else {
                outcomes.unfinished.add(jobId);
            }
        }
        return outcomes;
    }

    /** A signature or a non-retryable failure: the coordinator acks the job only after one of them. */
    static boolean terminal(List<JobResult> results) {
        return results.stream().anyMatch(JobResult::hasSign) || failedClosed(results);
    }

    private static boolean failedClosed(List<JobResult> results) {
        return results.stream().anyMatch(r -> r.hasFailure() && !r.getFailure().getRetryable());
    }

    /** The failures reported for a job: node/attempt, code and message. */
    static List<String> failures(Map<String, List<JobResult>> results, String jobId) {
        return results.getOrDefault(jobId, List.of()).stream().filter(JobResult::hasFailure)
                .map(r -> r.getNodeId() + "/" + r.getAttempt() + " " + r.getFailure().getCode() + " "
                        + r.getFailure().getMessage())
                .toList();
    }
}

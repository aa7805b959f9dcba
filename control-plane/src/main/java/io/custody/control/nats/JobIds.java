package io.custody.control.nats;

import java.util.Optional;

/**
 * Job ids, which are also the {@code Nats-Msg-Id}s (plus {@code /<node>} for fan-out jobs): a
 * signing request's job id is its request id ({@code sr-…}); an operation has one job id per stage,
 * {@code <operation id>:keygen} (the DKG or refresh) and {@code <operation id>:activate}. Re-driving
 * a stage publishes the same ids again, so JetStream stores each once within its window.
 */
public final class JobIds {

    public static final String SIGNING_PREFIX = "sr-";
    public static final String OPERATION_PREFIX = "op-";
    public static final String KEYGEN = "keygen";
    public static final String ACTIVATE = "activate";

    private JobIds() {}

    /** An operation stage's job id. */
    public static String operationJob(String operationId, String stage) {
        return operationId + ":" + stage;
    }

    /** The operation and stage a job id names, if it is an operation's. */
    public static Optional<String[]> parseOperationJob(String jobId) {
        int colon = jobId.lastIndexOf(':');
        if (!jobId.startsWith(OPERATION_PREFIX) || colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {jobId.substring(0, colon), jobId.substring(colon + 1)});
    }

    public static boolean isSigningJob(String jobId) {
        return jobId.startsWith(SIGNING_PREFIX);
    }
}

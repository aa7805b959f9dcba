package io.custody.signer.nats;

import io.custody.proto.nats.NatsSubjects;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The signer's view of the one subject plan: every name comes from {@link NatsSubjects} (in
 * {@code proto}, shared with {@code custodyctl nats-config}'s {@code SubjectPlan}, which turns the
 * same names into accounts and permissions; docs/nats-subjects.md). Only what is private to the
 * signers' control protocol — the message-type header and its values — is defined here.
 */
public final class Subjects {
    public static final String JOBS_STREAM = NatsSubjects.JOBS_STREAM;
    /** The durable pull consumer every signer node shares for pool jobs ({@code custody.jobs.pool.>}). */
    public static final String POOL_CONSUMER = NatsSubjects.POOL_CONSUMER;
    /** jnats {@code JetStreamOptions.prefix}: signers reach CONTROL's JetStream API only through this import. */
    public static final String JS_API_PREFIX = NatsSubjects.SIGNERS_JS_PREFIX;
    /** Header naming the protobuf message on a control subject. */
    public static final String MESSAGE_TYPE_HEADER = "Custody-Message";
    public static final String PROPOSAL = "SessionProposal";
    public static final String ANNOUNCEMENT = "SessionAnnouncement";
    /** A SessionProposal without job: "send me your enclave's current attestation" (DKG rosters). */
    public static final String ATTESTATION_QUERY = "AttestationQuery";
    /**
     * Reply header value of a holder that already finished the proposed job for good (signed it, or
     * failed it closed, in an earlier delivery whose ack was lost or whose coordinator died): the
     * reply carries that holder's JobResult; the coordinator finishes the job and starts no session.
     */
    public static final String ALREADY_FINISHED = "AlreadyFinished";

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Subjects() {}

    /** A node id must be one subject token (and, in a deployment, equals its NATS user name). */
    public static String requireNodeId(String nodeId) {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches() || nodeId.equals(NatsSubjects.POOL_TOKEN)) {
            throw new IllegalArgumentException("node id must match " + NODE_ID + " and not be \""
                    + NatsSubjects.POOL_TOKEN + "\": " + nodeId);
        }
        return nodeId;
    }

    public static String round(byte[] sessionId, String toNodeId) {
        return NatsSubjects.roundSubject(HexFormat.of().formatHex(sessionId), toNodeId);
    }

    public static String roundsFor(String nodeId) {
        return NatsSubjects.roundFilter(nodeId);
    }

    public static String control(String nodeId) {
        return NatsSubjects.controlSubject(nodeId);
    }

    public static String results(String nodeId) {
        return NatsSubjects.resultSubject(nodeId);
    }

    /** This node's own consumer on JOBS: DKG, refresh and directed sign jobs. */
    public static String nodeConsumer(String nodeId) {
        return NatsSubjects.nodeConsumer(nodeId);
    }

    /** The kind token ({@code dkg}, {@code sign}, {@code refresh}) of a job's subject. */
    public static String jobKind(String subject) {
        return NatsSubjects.jobKind(subject);
    }

    /** jnats {@code Options.Builder.inboxPrefix} of this node: the only inbox its permissions let it read. */
    public static String inboxPrefix(String nodeId) {
        return NatsSubjects.inboxPrefix(nodeId);
    }
}

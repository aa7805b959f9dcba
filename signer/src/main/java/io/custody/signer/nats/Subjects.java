package io.custody.signer.nats;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** The subjects, streams and consumers of docs/mpc-protocol.md, in one place. */
public final class Subjects {
    public static final String JOBS_STREAM = "JOBS";
    public static final String RESULTS_STREAM = "RESULTS";
    public static final String JOBS = "custody.jobs.>";
    public static final String RESULTS = "custody.results.>";
    public static final String SIGN_JOBS = "custody.jobs.sign";
    /** The one durable pull consumer every signer node shares for sign jobs. */
    public static final String SIGN_CONSUMER = "signers";
    /** Header naming the protobuf message on a control subject. */
    public static final String MESSAGE_TYPE_HEADER = "Custody-Message";
    public static final String PROPOSAL = "SessionProposal";
    public static final String ANNOUNCEMENT = "SessionAnnouncement";
    /** A SessionProposal without job: "send me your enclave's current attestation" (DKG rosters). */
    public static final String ATTESTATION_QUERY = "AttestationQuery";

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Subjects() {}

    /** A node id must be one subject token. */
    public static String requireNodeId(String nodeId) {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must match " + NODE_ID + ": " + nodeId);
        }
        return nodeId;
    }

    public static String round(byte[] sessionId, String toNodeId) {
        return "custody.rounds." + HexFormat.of().formatHex(sessionId) + "." + toNodeId;
    }

    public static String roundsFor(String nodeId) {
        return "custody.rounds.*." + nodeId;
    }

    public static String control(String nodeId) {
        return "custody.control." + nodeId;
    }

    public static String results(String nodeId) {
        return "custody.results." + nodeId;
    }

    public static String dkgJobs(String nodeId) {
        return "custody.jobs.dkg." + nodeId;
    }

    public static String dkgConsumer(String nodeId) {
        return "dkg-" + nodeId;
    }
}

package io.custody.proto.nats;

/**
 * The names of the messaging plane — subjects, streams, durable consumers, the signers' JetStream
 * API prefix and inbox prefixes — in the one place every side may depend on: the signer (which may
 * depend on {@code proto} only), the control plane and {@code custodyctl} (whose
 * {@code io.custody.cli.nats.SubjectPlan} adds the accounts, imports/exports and per-user
 * permissions on top of these names). docs/nats-subjects.md documents them.
 *
 * <p>Only names live here: who may publish or subscribe to what is the generator's business,
 * and nothing here depends on protobuf.
 */
public final class NatsSubjects {

    public static final String JOBS_STREAM = "JOBS";
    public static final String RESULTS_STREAM = "RESULTS";
    /** Captured by JOBS: {@code custody.jobs.<node>.<kind>} and {@code custody.jobs.pool.<kind>}. */
    public static final String JOBS_SUBJECTS = "custody.jobs.>";
    /** Captured by RESULTS: {@code custody.results.<node>}. */
    public static final String RESULTS_SUBJECTS = "custody.results.*";
    /** The job subject token shared by all nodes (competing consumers); never a node name. */
    public static final String POOL_TOKEN = "pool";
    /** The durable pull consumer on JOBS that every node shares ({@code custody.jobs.pool.>}). */
    public static final String POOL_CONSUMER = "pool";
    /** The durable pull consumer on RESULTS shared by all control-plane instances. */
    public static final String RESULTS_CONSUMER = "control";
    /** jnats {@code JetStreamOptions.prefix} for signer nodes: CONTROL's JetStream API, imported. */
    public static final String SIGNERS_JS_PREFIX = "JS.CONTROL.API";

    /** Job kind tokens: the last token of a job subject. */
    public static final String KIND_DKG = "dkg";
    public static final String KIND_SIGN = "sign";
    public static final String KIND_REFRESH = "refresh";
    public static final String KIND_ACTIVATE = "activate";

    private NatsSubjects() {}

    /** A job for one node: {@code custody.jobs.<node>.<kind>}. */
    public static String jobSubject(String node, String kind) {
        return "custody.jobs." + node + "." + kind;
    }

    /** A job any node may claim: {@code custody.jobs.pool.<kind>}. */
    public static String poolJobSubject(String kind) {
        return "custody.jobs." + POOL_TOKEN + "." + kind;
    }

    /** The filter of a node's own consumer; disjoint from every other node's and from the pool's. */
    public static String nodeJobFilter(String node) {
        return "custody.jobs." + node + ".>";
    }

    public static String poolJobFilter() {
        return "custody.jobs." + POOL_TOKEN + ".>";
    }

    /** A node's own durable pull consumer on JOBS (DKG, refresh and directed sign jobs). */
    public static String nodeConsumer(String node) {
        return "node-" + node;
    }

    /** The kind token of a job subject ({@code custody.jobs.<node|pool>.<kind>}), or "" if it is none. */
    public static String jobKind(String subject) {
        if (subject == null || !subject.startsWith("custody.jobs.")) {
            return "";
        }
        return subject.substring(subject.lastIndexOf('.') + 1);
    }

    /** A round message for {@code toNode}: {@code custody.rounds.<session>.<toNode>} (session = one token). */
    public static String roundSubject(String session, String toNode) {
        return "custody.rounds." + session + "." + toNode;
    }

    /** What a node subscribes to for its round messages. */
    public static String roundFilter(String node) {
        return "custody.rounds.*." + node;
    }

    /** Proposals, announcements and attestation queries for {@code node} (core NATS request/publish). */
    public static String controlSubject(String node) {
        return "custody.control." + node;
    }

    public static String resultSubject(String node) {
        return "custody.results." + node;
    }

    public static String healthSubject(String node) {
        return "custody.health." + node;
    }

    /** jnats {@code Options.Builder.inboxPrefix} of {@code user}: replies to it land under this. */
    public static String inboxPrefix(String user) {
        return "_INBOX." + user + ".";
    }
}

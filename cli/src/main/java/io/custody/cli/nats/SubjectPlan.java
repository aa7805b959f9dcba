package io.custody.cli.nats;

import java.util.ArrayList;
import java.util.List;

/**
 * Every subject, stream, consumer, cross-account link and permission of the messaging plane, in
 * one place (written down for people in docs/nats-subjects.md; keep the two in step).
 *
 * <p>Ownership: the CONTROL account owns the JetStream streams (it creates jobs and consumes
 * results); SIGNERS owns the round and health subjects. SIGNERS reaches the streams only through
 * the service imports below, under {@link #SIGNERS_JS_PREFIX}; CONTROL never sees round subjects
 * (SIGNERS exports only {@code custody.health.*}).
 */
public final class SubjectPlan {

    public static final String JOBS_STREAM = "JOBS";
    public static final String RESULTS_STREAM = "RESULTS";
    /** Captured by JOBS: {@code custody.jobs.<node>.<kind>} and {@code custody.jobs.pool.<kind>}. */
    public static final String JOBS_SUBJECTS = "custody.jobs.>";
    /** Captured by RESULTS: {@code custody.results.<node>}. */
    public static final String RESULTS_SUBJECTS = "custody.results.*";
    /** The job subject token shared by all nodes (competing consumers); never a user name. */
    public static final String POOL_TOKEN = "pool";
    public static final String POOL_CONSUMER = "pool";
    /** The durable pull consumer on RESULTS shared by all control-plane instances. */
    public static final String RESULTS_CONSUMER = "control";
    /** jnats {@code JetStreamOptions.prefix} for signer nodes: CONTROL's JetStream API, imported. */
    public static final String SIGNERS_JS_PREFIX = "JS.CONTROL.API";

    private static final String JS_API = "$JS.API";

    private SubjectPlan() {}

    /** The job kinds; DKG and refresh go to every node, signing to the chosen quorum or the pool. */
    public enum JobKind {
        DKG, SIGN, REFRESH;

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static String jobSubject(String node, JobKind kind) {
        return "custody.jobs." + node + "." + kind.token();
    }

    public static String poolJobSubject(JobKind kind) {
        return "custody.jobs." + POOL_TOKEN + "." + kind.token();
    }

    /** The filter of a node's own consumer; disjoint from every other node's and from the pool's. */
    public static String nodeJobFilter(String node) {
        return "custody.jobs." + node + ".>";
    }

    public static String poolJobFilter() {
        return "custody.jobs." + POOL_TOKEN + ".>";
    }

    public static String nodeConsumer(String node) {
        return "node-" + node;
    }

    public static String roundSubject(String sessionId, String toNode) {
        return "custody.rounds." + sessionId + "." + toNode;
    }

    public static String resultSubject(String node) {
        return "custody.results." + node;
    }

    public static String healthSubject(String node) {
        return "custody.health." + node;
    }

    /** jnats {@code Options.Builder.inboxPrefix}: replies to this user land under it. */
    public static String inboxPrefix(String user) {
        return "_INBOX." + user + ".";
    }

    /** Least privilege for a signer node; see docs/nats-subjects.md for why each entry is there. */
    public static Permissions signerPermissions(String node) {
        String api = SIGNERS_JS_PREFIX;
        List<String> publish = new ArrayList<>();
        publish.add("custody.rounds.*.*"); // to any peer; the payload is enclave-to-enclave encrypted
        publish.add(resultSubject(node));
        publish.add(healthSubject(node));
        for (String consumer : List.of(nodeConsumer(node), POOL_CONSUMER)) {
            publish.add(api + ".CONSUMER.MSG.NEXT." + JOBS_STREAM + "." + consumer);
            publish.add(api + ".CONSUMER.INFO." + JOBS_STREAM + "." + consumer);
            publish.add("$JS.ACK." + JOBS_STREAM + "." + consumer + ".>");
        }
        publish.add(api + ".STREAM.INFO." + JOBS_STREAM);
        List<String> subscribe = List.of("custody.rounds.*." + node, inboxPrefix(node) + ">");
        return new Permissions(publish, subscribe, false);
    }

    /** A control-plane instance: publishes jobs, administers its two streams, consumes results. */
    public static Permissions controlPermissions(String instance) {
        List<String> publish = new ArrayList<>();
        publish.add(JOBS_SUBJECTS);
        publish.add(JS_API + ".INFO");
        for (String stream : List.of(JOBS_STREAM, RESULTS_STREAM)) {
            publish.add(JS_API + ".STREAM.CREATE." + stream);
            publish.add(JS_API + ".STREAM.UPDATE." + stream);
            publish.add(JS_API + ".STREAM.INFO." + stream);
            publish.add(JS_API + ".CONSUMER.CREATE." + stream + ".>");
            publish.add(JS_API + ".CONSUMER.DURABLE.CREATE." + stream + ".*");
            publish.add(JS_API + ".CONSUMER.INFO." + stream + ".*");
        }
        publish.add(JS_API + ".CONSUMER.MSG.NEXT." + RESULTS_STREAM + "." + RESULTS_CONSUMER);
        publish.add("$JS.ACK." + RESULTS_STREAM + "." + RESULTS_CONSUMER + ".>");
        List<String> subscribe = List.of(inboxPrefix(instance) + ">", "custody.health.*");
        return new Permissions(publish, subscribe, false);
    }

    /** The operator's monitoring identity in SYS: server requests, $SYS events. */
    public static Permissions sysAdminPermissions(String user) {
        return new Permissions(List.of("$SYS.REQ.>"), List.of("$SYS.>", inboxPrefix(user) + ">"), false);
    }

    public static Permissions permissionsFor(NatsUser user) {
        return switch (user.account()) {
            case SIGNERS -> signerPermissions(user.name());
            case CONTROL -> controlPermissions(user.name());
            case SYS -> sysAdminPermissions(user.name());
        };
    }

    /** Everything that crosses an account boundary; nothing else does. */
    public static List<AccountLink> accountLinks() {
        NatsAccount c = NatsAccount.CONTROL;
        NatsAccount s = NatsAccount.SIGNERS;
        String local = SIGNERS_JS_PREFIX;
        return List.of(
                AccountLink.service(c, s, JS_API + ".CONSUMER.MSG.NEXT." + JOBS_STREAM + ".*",
                        local + ".CONSUMER.MSG.NEXT." + JOBS_STREAM + ".*", true),
                AccountLink.service(c, s, JS_API + ".CONSUMER.INFO." + JOBS_STREAM + ".*",
                        local + ".CONSUMER.INFO." + JOBS_STREAM + ".*", false),
                AccountLink.service(c, s, JS_API + ".STREAM.INFO." + JOBS_STREAM,
                        local + ".STREAM.INFO." + JOBS_STREAM, false),
                AccountLink.service(c, s, "$JS.ACK." + JOBS_STREAM + ".>"),
                AccountLink.service(c, s, RESULTS_SUBJECTS),
                AccountLink.stream(s, c, "custody.health.*"));
    }
}

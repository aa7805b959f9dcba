package io.custody.cli.nats;

import io.custody.proto.nats.NatsSubjects;
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
 *
 * <p>The names themselves come from {@link NatsSubjects} in {@code proto}, which the signer and the
 * control plane use directly (the signer may depend on {@code proto} only); this class adds what
 * only the generator needs: accounts, links and permissions.
 */
public final class SubjectPlan {

    public static final String JOBS_STREAM = NatsSubjects.JOBS_STREAM;
    public static final String RESULTS_STREAM = NatsSubjects.RESULTS_STREAM;
    /** Captured by JOBS: {@code custody.jobs.<node>.<kind>} and {@code custody.jobs.pool.<kind>}. */
    public static final String JOBS_SUBJECTS = NatsSubjects.JOBS_SUBJECTS;
    /** Captured by RESULTS: {@code custody.results.<node>}. */
    public static final String RESULTS_SUBJECTS = NatsSubjects.RESULTS_SUBJECTS;
    /** The job subject token shared by all nodes (competing consumers); never a user name. */
    public static final String POOL_TOKEN = NatsSubjects.POOL_TOKEN;
    public static final String POOL_CONSUMER = NatsSubjects.POOL_CONSUMER;
    /** The durable pull consumer on RESULTS shared by all control-plane instances. */
    public static final String RESULTS_CONSUMER = NatsSubjects.RESULTS_CONSUMER;
    /** jnats {@code JetStreamOptions.prefix} for signer nodes: CONTROL's JetStream API, imported. */
    public static final String SIGNERS_JS_PREFIX = NatsSubjects.SIGNERS_JS_PREFIX;
    /** Every node's control subject (proposals, announcements, attestation queries). */
    public static final String CONTROL_SUBJECTS = "custody.control.*";

    private static final String JS_API = "$JS.API";

    private SubjectPlan() {}

    /**
     * The job kinds; DKG, refresh and activation go to every node, signing to the chosen quorum or
     * the pool.
     */
    public enum JobKind {
        DKG, SIGN, REFRESH, ACTIVATE;

        public String token() {
            return switch (this) {
                case DKG -> NatsSubjects.KIND_DKG;
                case SIGN -> NatsSubjects.KIND_SIGN;
                case REFRESH -> NatsSubjects.KIND_REFRESH;
                case ACTIVATE -> NatsSubjects.KIND_ACTIVATE;
            };
        }
    }

    public static String jobSubject(String node, JobKind kind) {
        return NatsSubjects.jobSubject(node, kind.token());
    }

    public static String poolJobSubject(JobKind kind) {
        return NatsSubjects.poolJobSubject(kind.token());
    }

    /** The filter of a node's own consumer; disjoint from every other node's and from the pool's. */
    public static String nodeJobFilter(String node) {
        return NatsSubjects.nodeJobFilter(node);
    }

    public static String poolJobFilter() {
        return NatsSubjects.poolJobFilter();
    }

    public static String nodeConsumer(String node) {
        return NatsSubjects.nodeConsumer(node);
    }

    public static String roundSubject(String sessionId, String toNode) {
        return NatsSubjects.roundSubject(sessionId, toNode);
    }

    /** Proposals, announcements and attestation queries addressed to {@code node}. */
    public static String controlSubject(String node) {
        return NatsSubjects.controlSubject(node);
    }

    public static String resultSubject(String node) {
        return NatsSubjects.resultSubject(node);
    }

    public static String healthSubject(String node) {
        return NatsSubjects.healthSubject(node);
    }

    /** jnats {@code Options.Builder.inboxPrefix}: replies to this user land under it. */
    public static String inboxPrefix(String user) {
        return NatsSubjects.inboxPrefix(user);
    }

    /** Least privilege for a signer node; see docs/nats-subjects.md for why each entry is there. */
    public static Permissions signerPermissions(String node) {
        String api = SIGNERS_JS_PREFIX;
        List<String> publish = new ArrayList<>();
        publish.add("custody.rounds.*.*"); // to any peer; the payload is enclave-to-enclave encrypted
        publish.add(CONTROL_SUBJECTS); // proposals, announcements, attestation queries to any peer
        publish.add(resultSubject(node));
        publish.add(healthSubject(node));
        for (String consumer : List.of(nodeConsumer(node), POOL_CONSUMER)) {
            publish.add(api + ".CONSUMER.MSG.NEXT." + JOBS_STREAM + "." + consumer);
            publish.add(api + ".CONSUMER.INFO." + JOBS_STREAM + "." + consumer);
            publish.add("$JS.ACK." + JOBS_STREAM + "." + consumer + ".>");
        }
        publish.add(api + ".STREAM.INFO." + JOBS_STREAM);
        List<String> subscribe = List.of(NatsSubjects.roundFilter(node), controlSubject(node), inboxPrefix(node) + ">");
        // allow_responses, not a publish grant on `_INBOX.*.>`: a node may answer a peer's request
        // (once, to the reply subject the server just delivered to it) but never write into another
        // node's inbox unasked, where it could forge that node's JetStream PubAcks or pull batches.
        return new Permissions(publish, subscribe, true);
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

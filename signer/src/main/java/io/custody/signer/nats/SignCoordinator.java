package io.custody.signer.nats;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobFailure;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SessionAcceptance;
import io.custody.proto.mpc.v1.SessionAnnouncement;
import io.custody.proto.mpc.v1.SessionMember;
import io.custody.proto.mpc.v1.SessionProposal;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.signer.session.SessionFailure;
import io.custody.signer.session.SessionIds;
import io.custody.signer.session.SessionOutcome;
import io.custody.signer.session.SessionPlan;
import io.custody.signer.session.WalletHolding;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The node that pulled a sign job coordinates it (docs/mpc-protocol.md, "Sign"): proposes the
 * session to the other holders, takes itself plus the first t−1 acceptances, announces the
 * session, runs its own party, publishes its result and acks the job only once that result is
 * stored. Delivery k of a job runs attempts 2k−1 and, after a failure that the rules allow to
 * retry (no phase-2 message released, no cheating), 2k with another quorum; every attempt is a
 * new request id and so a new session id.
 */
final class SignCoordinator {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration NO_QUORUM_DELAY = Duration.ofMillis(250);
    private static final Duration DEFAULT_SESSION_BUDGET = Duration.ofSeconds(60);
    /** A holder's answer to a proposal: an acceptance, its final result from earlier, or nothing. */
    private record Answer(SessionAcceptance acceptance, JobResult finished) {
        static final Answer NONE = new Answer(null, null);
    }

    /** A holder answered that it already finished this job for good in an earlier delivery. */
    private static final class AlreadyFinished extends Exception {
        private final transient JobResult earlier;

        AlreadyFinished(JobResult earlier) {
            super(null, null, false, false);
            this.earlier = earlier;
        }
    }

    private final NodeContext node;

    SignCoordinator(NodeContext node) {
        this.node = node;
    }

    void handle(Message message, Job job) throws Exception {
        if (!job.hasSign() || !signsSomething(job.getSign())) {
            finish(message, JobResults.failed(job.getJobId(), 0, node.selfNodeId(), FailureCode.FAILURE_CODE_INVALID_JOB,
                    "not a sign job with a 32-byte hash or a client request", "", false));
            return;
        }
        SignJob sign = job.getSign();
        int attempt = (int) (2 * (message.metaData().deliveredCount() - 1) + 1);
        if (pastDeadline(job)) {
            finish(message, JobResults.failed(job.getJobId(), attempt, node.selfNodeId(),
                    FailureCode.FAILURE_CODE_TIMEOUT, "past the job's deadline", "", false));
            return;
        }
        Optional<JobResult> done = node.finishedJobs().get(job.getJobId());
        if (done.isPresent()) { // finished in an earlier delivery whose ack was lost: republish, ack, no new session
            finish(message, done.get());
            return;
        }
        Optional<WalletHolding> holding = node.holdings().get(sign.getWalletId());
        if (holding.isEmpty() || sign.getShareVersion() > holding.get().shareVersion()) {
            message.nakWithDelay(Duration.ofSeconds(1)); // not (yet) activated here: another node, or later
            return;
        }
        if (sign.getShareVersion() != 0 && sign.getShareVersion() < holding.get().shareVersion()) {
            finish(message, JobResults.failed(job.getJobId(), attempt, node.selfNodeId(),
                    FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE, "share version " + sign.getShareVersion()
                            + " is retired; version " + holding.get().shareVersion() + " is active", "", false));
            return;
        }
        if (!node.runningJobs().begin(job.getJobId())) { // a session for it runs here now: not a second one
            message.nakWithDelay(NO_QUORUM_DELAY);
            return;
        }
        try {
            coordinate(message, job, holding.get(), attempt);
        } finally {
            node.runningJobs().end(job.getJobId());
        }
    }

    /** Attempts {@code attempt} and, if the rules allow, one more; finishes or naks the job. */
    private void coordinate(Message message, Job job, WalletHolding holding, int attempt) throws Exception {
        SignJob sign = job.getSign();
        Set<String> avoid = new HashSet<>(sign.getExcludedNodeIdsList());
        for (int last = attempt + 1; attempt <= last; attempt++) {
            Optional<List<SessionMember>> quorum;
            try {
                quorum = formQuorum(job, holding, attempt, avoid);
            } catch (AlreadyFinished before) {
                if (before.earlier.hasSign()) {
                    ack(message); // its holders stored (and now republished) their results
                } else { // failed closed before: this delivery fails too, and never runs a session
                    JobFailure earlier = before.earlier.getFailure();
                    JobResult result = JobResults.failed(job.getJobId(), attempt, node.selfNodeId(), earlier.getCode(),
                            "failed closed in an earlier attempt (" + before.earlier.getNodeId() + "): "
                                    + earlier.getMessage(), earlier.getCulpritNodeId(), false);
                    node.finishedJobs().record(result);
                    finish(message, result);
                }
                return;
            }
            if (quorum.isEmpty()) {
                message.nakWithDelay(NO_QUORUM_DELAY);
                return;
            }
            SessionAnnouncement announcement = announce(job, holding, attempt, quorum.get());
            SessionPlan plan = Announcements.planFor(announcement, node.selfNodeId());
            SessionOutcome outcome = node.run(plan);
            if (outcome instanceof SessionOutcome.Signed signed) {
                var result = JobResults.signed(job.getJobId(), attempt, node.selfNodeId(), signed, plan);
                node.finishedJobs().record(result);
                finish(message, result);
                return;
            }
            SessionFailure failure = ((SessionOutcome.Failed) outcome).failure();
            boolean retry = failure.retryable() && attempt < last;
            var result = JobResults.failed(job.getJobId(), attempt, node.selfNodeId(), failure, retry);
            if (!retry) {
                node.finishedJobs().record(result);
                finish(message, result);
                return;
            }
            node.results().publish(result);
            if (!failure.culpritNodeId().isEmpty() && !failure.culpritNodeId().equals(node.selfNodeId())) {
                avoid.add(failure.culpritNodeId());
            }
        }
    }

    /** Publishes the result, waits for the stream to store it, then acks the job. */
    private void finish(Message job, JobResult result) throws Exception {
        node.results().publish(result);
        ack(job);
    }

    /**
     * Acks and waits for the server's confirmation, retried while the server does not answer
     * (restarting): an ack that never arrives brings the job back after {@code ack_wait}, and only
     * {@link FinishedJobs} would then keep it from being signed again.
     */
    private static void ack(Message job) throws Exception {
        long until = System.nanoTime() + ResultPublisher.RETRY_FOR.toNanos();
        while (true) {
            try {
                job.ackSync(ACK_TIMEOUT);
                return;
            } catch (java.util.concurrent.TimeoutException noAnswer) {
                if (System.nanoTime() > until) {
                    throw noAnswer;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * A 32-byte hash (ungoverned wallets), or a client request with an optional 32-byte hash
     * (governed wallets: the enclaves recompute the digest, and any hash sent must agree). Whether
     * the wallet is governed is the enclaves' to enforce, not this node's.
     */
    private static boolean signsSomething(SignJob sign) {
        int hash = sign.getMessageHash().size();
        return hash == 32 || (hash == 0 && sign.hasRequest());
    }

    private static boolean pastDeadline(Job job) {
        return job.getDeadlineUnixMillis() != 0 && System.currentTimeMillis() > job.getDeadlineUnixMillis();
    }

    /** This node plus the first t−1 other holders that accept; empty if too few answer in time. */
    private Optional<List<SessionMember>> formQuorum(Job job, WalletHolding holding, int attempt, Set<String> avoid)
            throws Exception {
        byte[] proposal = SessionProposal.newBuilder().setJobId(job.getJobId())
                .setCoordinatorNodeId(node.selfNodeId()).setAttempt(attempt)
                // the version this node signs with: a holder on another one (a refresh being activated) declines
                .setJob(job.getSign().toBuilder().setShareVersion(holding.shareVersion())).build()
                .toByteArray();
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        int asked = 0;
        for (Map.Entry<Integer, String> holder : holding.nodeByParty().entrySet()) {
            String peer = holder.getValue();
            if (peer.equals(node.selfNodeId()) || avoid.contains(peer)) {
                continue;
            }
            asked++;
            Headers headers = TraceContext.headers().put(Subjects.MESSAGE_TYPE_HEADER, Subjects.PROPOSAL);
            node.connection().requestWithTimeout(Subjects.control(peer), headers, proposal, node.timeouts().proposal())
                    .whenComplete((reply, failure) -> answers.add(acceptance(reply, job.getJobId(), attempt, peer,
                            holder.getKey())));
        }
        int needed = holding.threshold() - 1;
        if (asked < needed) {
            return Optional.empty();
        }
        byte[] ownDocument = node.attest();
        List<SessionMember> members = new ArrayList<>();
        members.add(SessionMember.newBuilder().setNodeId(node.selfNodeId()).setPartyIndex(holding.selfIndex())
                .setAttestationDocument(ByteString.copyFrom(ownDocument)).build());
        Instant until = Instant.now().plus(node.timeouts().proposal());
        for (int answered = 0; answered < asked && members.size() <= needed; answered++) {
            long wait = Duration.between(Instant.now(), until).toMillis();
            Answer answer = wait <= 0 ? null : answers.poll(wait, TimeUnit.MILLISECONDS);
            if (answer == null) {
                break;
            }
            if (answer.finished() != null) {
                throw new AlreadyFinished(answer.finished());
            }
            if (answer.acceptance() != null) {
                SessionAcceptance accepted = answer.acceptance();
                members.add(SessionMember.newBuilder().setNodeId(accepted.getNodeId())
                        .setPartyIndex(accepted.getPartyIndex())
                        .setAttestationDocument(accepted.getAttestationDocument()).build());
            }
        }
        if (members.size() <= needed) {
            return Optional.empty();
        }
        members.sort(Comparator.comparingInt(SessionMember::getPartyIndex));
        return Optional.of(members);
    }

    private static Answer acceptance(Message reply, String jobId, int attempt, String peer, int party) {
        if (reply == null) {
            return Answer.NONE;
        }
        if (reply.getHeaders() != null
                && Subjects.ALREADY_FINISHED.equals(reply.getHeaders().getFirst(Subjects.MESSAGE_TYPE_HEADER))) {
            try {
                JobResult earlier = JobResult.parseFrom(reply.getData());
                boolean valid = FinishedJobs.isFinal(earlier) && earlier.getJobId().equals(jobId)
                        && earlier.getNodeId().equals(peer);
                return valid ? new Answer(null, earlier) : Answer.NONE;
            } catch (InvalidProtocolBufferException e) {
                return Answer.NONE;
            }
        }
        try {
            SessionAcceptance acceptance = SessionAcceptance.parseFrom(reply.getData());
            boolean valid = acceptance.getJobId().equals(jobId) && acceptance.getAttempt() == attempt
                    && acceptance.getNodeId().equals(peer) && acceptance.getPartyIndex() == party
                    && !acceptance.getAttestationDocument().isEmpty();
            return valid ? new Answer(acceptance, null) : Answer.NONE;
        } catch (InvalidProtocolBufferException e) {
            return Answer.NONE;
        }
    }

    private SessionAnnouncement announce(Job job, WalletHolding holding, int attempt, List<SessionMember> members) {
        SignJob sign = job.getSign();
        String requestId = job.getJobId() + "/" + attempt;
        int[] parties = members.stream().mapToInt(SessionMember::getPartyIndex).toArray();
        long deadline = job.getDeadlineUnixMillis() != 0 ? job.getDeadlineUnixMillis()
                : System.currentTimeMillis() + DEFAULT_SESSION_BUDGET.toMillis();
        SessionAnnouncement.Builder announcement = SessionAnnouncement.newBuilder()
                .setJobId(job.getJobId()).setAttempt(attempt)
                .setSessionId(ByteString.copyFrom(SessionIds.derive(Protocol.PROTOCOL_SIGN, sign.getWalletId(),
                        holding.threshold(), holding.shareCount(), parties, requestId)))
                .setProtocol(Protocol.PROTOCOL_SIGN).setWalletId(sign.getWalletId())
                .setThreshold(holding.threshold()).setShareCount(holding.shareCount())
                .addAllMembers(members).setRequestId(requestId).setMessageHash(sign.getMessageHash())
                .setShareVersion(holding.shareVersion()).setDerive(sign.getDerive())
                .setDerivationChild(sign.getDerivationChild()).setDeadlineUnixMillis(deadline);
        if (sign.hasRequest()) {
            announcement.setRequest(sign.getRequest());
        }
        return publish(announcement.build(), members);
    }

    /** Sends the announcement to every other member; returns it for this node's own party. */
    private SessionAnnouncement publish(SessionAnnouncement announcement, List<SessionMember> members) {
        byte[] bytes = announcement.toByteArray();
        for (SessionMember member : members) {
            if (!member.getNodeId().equals(node.selfNodeId())) {
                Headers headers = TraceContext.headers().put(Subjects.MESSAGE_TYPE_HEADER, Subjects.ANNOUNCEMENT);
                node.connection().publish(Subjects.control(member.getNodeId()), headers, bytes);
            }
        }
        return announcement;
    }
}

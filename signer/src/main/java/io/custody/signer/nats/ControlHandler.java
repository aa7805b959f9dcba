package io.custody.signer.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SessionAcceptance;
import io.custody.proto.mpc.v1.SessionAnnouncement;
import io.custody.proto.mpc.v1.SessionProposal;
import io.custody.signer.session.SessionOutcome;
import io.custody.signer.session.SessionPlan;
import io.custody.signer.session.WalletHolding;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The member side, on {@code custody.control.<this node>}: answers a sign proposal with a fresh
 * attestation when this node holds the wallet's share and has a free slot (silence otherwise);
 * answers attestation queries (DKG rosters); runs its party when announced into a session and
 * publishes its result.
 */
final class ControlHandler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlHandler.class.getName());

    private final NodeContext node;
    private Dispatcher dispatcher;

    ControlHandler(NodeContext node) {
        this.node = node;
    }

    ControlHandler start() {
        dispatcher = node.connection().createDispatcher(message -> Thread.ofVirtual().start(() ->
                ScopedValue.where(TraceContext.CURRENT, TraceContext.of(message)).run(() -> handle(message))));
        dispatcher.subscribe(Subjects.control(node.selfNodeId()));
        return this;
    }

    private void handle(Message message) {
        String type = message.getHeaders() == null ? null : message.getHeaders().getFirst(Subjects.MESSAGE_TYPE_HEADER);
        try {
            if (Subjects.PROPOSAL.equals(type)) {
                onProposal(message, SessionProposal.parseFrom(message.getData()));
            } else if (Subjects.ATTESTATION_QUERY.equals(type)) {
                reply(message, SessionAcceptance.newBuilder().setNodeId(node.selfNodeId())
                        .setJobId(SessionProposal.parseFrom(message.getData()).getJobId()));
            } else if (Subjects.ANNOUNCEMENT.equals(type)) {
                onAnnouncement(SessionAnnouncement.parseFrom(message.getData()));
            }
        } catch (InvalidProtocolBufferException | IllegalArgumentException malformed) {
            LOG.log(Level.WARNING, "dropped a control message ({0}): {1}", type, malformed.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "control message ({0}) failed: {1}", type, e.toString());
        }
    }

    private void onProposal(Message message, SessionProposal proposal) throws Exception {
        Optional<JobResult> done = node.finishedJobs().get(proposal.getJobId());
        if (done.isPresent()) { // finished in an earlier delivery: never a second session for this job
            if (message.getReplyTo() != null) {
                node.connection().publish(message.getReplyTo(), TraceContext.headers()
                        .put(Subjects.MESSAGE_TYPE_HEADER, Subjects.ALREADY_FINISHED), done.get().toByteArray());
            }
            node.results().publish(done.get()); // in case its first publish was lost; same Nats-Msg-Id
            return;
        }
        Optional<WalletHolding> holding = node.holdings().get(proposal.getJob().getWalletId());
        if (holding.isEmpty() || node.slots().free() == 0 || node.runningJobs().contains(proposal.getJobId())
                || (proposal.getJob().getShareVersion() != 0
                        && proposal.getJob().getShareVersion() != holding.get().shareVersion())) {
            return;
        }
        reply(message, SessionAcceptance.newBuilder().setJobId(proposal.getJobId()).setAttempt(proposal.getAttempt())
                .setNodeId(node.selfNodeId()).setPartyIndex(holding.get().selfIndex()));
    }

    private void reply(Message request, SessionAcceptance.Builder acceptance) throws Exception {
        if (request.getReplyTo() == null) {
            return;
        }
        acceptance.setAttestationDocument(com.google.protobuf.ByteString.copyFrom(node.attest()));
        node.connection().publish(request.getReplyTo(), TraceContext.headers(), acceptance.build().toByteArray());
    }

    private void onAnnouncement(SessionAnnouncement announcement) throws Exception {
        SessionPlan plan = Announcements.planFor(announcement, node.selfNodeId());
        if (!node.runningJobs().begin(announcement.getJobId())) {
            return; // already in a session for this job: the coordinator's session fails without us
        }
        node.slots().begin();
        SessionOutcome outcome;
        try {
            outcome = node.run(plan);
        } finally {
            node.slots().end();
            node.runningJobs().end(announcement.getJobId());
        }
        String self = node.selfNodeId();
        JobResult result = switch (outcome) {
            case SessionOutcome.Signed signed -> JobResults.signed(announcement.getJobId(), announcement.getAttempt(),
                    self, signed, plan);
            case SessionOutcome.Failed failed -> JobResults.failed(announcement.getJobId(), announcement.getAttempt(),
                    self, failed.failure(), failed.failure().retryable());
            case SessionOutcome.Sealed sealed -> throw new IllegalStateException("a signing session sealed a share");
        };
        node.finishedJobs().record(result);
        node.results().publish(result);
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            node.connection().closeDispatcher(dispatcher);
        }
    }
}

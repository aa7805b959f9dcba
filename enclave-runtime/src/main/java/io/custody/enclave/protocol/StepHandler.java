package io.custody.enclave.protocol;

import com.google.protobuf.ByteString;
import io.custody.dkls23.KeyShare;
import io.custody.enclave.attest.EnclaveIdentity;
import io.custody.enclave.authz.Governance;
import io.custody.enclave.authz.GovernanceSerialization;
import io.custody.enclave.authz.UnauthorizedRequestException;
import io.custody.enclave.channel.Envelope;
import io.custody.enclave.channel.SessionChannel;
import io.custody.enclave.mpc.MpcException;
import io.custody.enclave.mpc.MpcSession;
import io.custody.enclave.mpc.Outcome;
import io.custody.enclave.mpc.Protocol;
import io.custody.enclave.mpc.SessionParameters;
import io.custody.enclave.mpc.SessionRefusedException;
import io.custody.enclave.mpc.SessionRegistry;
import io.custody.enclave.mpc.StepResult;
import io.custody.enclave.seal.OpenedShare;
import io.custody.enclave.seal.SealingException;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.enclave.v1.StepRequest;
import io.custody.proto.enclave.v1.StepResponse;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * DKG, sign and refresh steps. Step 1 carries the {@link SessionStart}: the enclave derives the
 * session id from it (and refuses a different claimed id), verifies every peer's attestation,
 * and for DKG and refresh opens the data key that will seal the new share before doing any
 * protocol work. A sign session of a governed share starts only for a request its governance
 * authorises ({@link SigningTarget}), otherwise UNAUTHORIZED. Steps 2..4 carry the envelopes
 * relayed from the peers.
 */
final class StepHandler {
    private static final Logger LOG = Logger.getLogger(StepHandler.class.getName());
    private final EnclaveIdentity identity;
    private final AttestedPeers attestedPeers;
    private final SessionRegistry registry;
    private final ShareVault vault;

    StepHandler(EnclaveIdentity identity, AttestedPeers attestedPeers, SessionRegistry registry, ShareVault vault) {
        this.identity = identity;
        this.attestedPeers = attestedPeers;
        this.registry = registry;
        this.vault = vault;
    }

    Response handle(StepRequest request) {
        byte[] sessionId = request.getSessionId().toByteArray();
        MpcSession session = null;
        try {
            session = request.getPhase() == 1 ? start(sessionId, request) : registry.get(sessionId);
            int protocolCode = session.parameters().protocol().code();
            List<Envelope> inbound = request.getInboundList().stream()
                    .map(envelope -> EnvelopeMapper.fromProto(envelope, protocolCode)).toList();
            PendingSeal plan = request.getPhase() == MpcSession.FINISH
                    ? session.detach(PendingSeal.class).orElse(null) : null;
            StepResult result;
            try {
                result = session.step(request.getPhase(), inbound);
            } catch (RuntimeException e) {
                closePlan(plan);
                throw e;
            }
            StepResponse.Builder response = StepResponse.newBuilder()
                    .setSessionId(request.getSessionId())
                    .setPhase(request.getPhase())
                    .setFinalBroadcastDigest(ByteString.copyFrom(result.finalBroadcastDigest()));
            result.outbound().forEach(envelope -> response.addOutbound(EnvelopeMapper.toProto(envelope)));
            if (result.outcome().isPresent()) {
                end(session);
                switch (result.outcome().get()) {
                    case Outcome.Signed signed -> response.setSignature(SignatureMapper.toProto(signed.signature()));
                    case Outcome.NewShare fresh -> {
                        try (PendingSeal sealing = plan) {
                            response.setSealedShare(vault.sealAndKeep(sealing, fresh.share()));
                        }
                    }
                }
            }
            return Response.newBuilder().setStep(response).build();
        } catch (MpcException e) {
            end(session);
            LOG.info(() -> "session " + shortId(sessionId) + " ended at step " + request.getPhase() + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
            return ErrorResponses.of(e);
        } catch (UnauthorizedRequestException e) {
            end(session);
            LOG.info(() -> "session " + shortId(sessionId) + " refused: " + e.getMessage());
            return ErrorResponses.of(ErrorCode.ERROR_CODE_UNAUTHORIZED, e.getMessage());
        } catch (SealingException e) {
            end(session);
            return ErrorResponses.of(ErrorCode.ERROR_CODE_SEALING, e.getMessage());
        } catch (IllegalArgumentException e) {
            end(session);
            return ErrorResponses.of(ErrorCode.ERROR_CODE_INVALID_REQUEST, e.getMessage());
        }
    }

    private MpcSession start(byte[] claimedId, StepRequest request) throws SealingException {
        if (!request.hasStart()) {
            throw new IllegalArgumentException("step 1 needs a session start");
        }
        SessionStart start = request.getStart();
        requireOwnNode(start);
        SessionParameters parameters = new SessionParameters(protocolOf(start), start.getWalletId(),
                start.getThreshold(), start.getShareCount(), start.getSelfIndex(),
                start.getPartiesList().stream().mapToInt(Integer::intValue).toArray(), start.getRequestId());
        SessionChannel channel = new SessionChannel(parameters.sessionId(), parameters.protocol().code(),
                parameters.self(), identity, attestedPeers.verify(start.getRosterList(), parameters));
        Instant deadline = start.getDeadlineUnixMillis() == 0 ? null : Instant.ofEpochMilli(start.getDeadlineUnixMillis());
        try {
            return switch (parameters.protocol()) {
                case DKG -> attach(planSeal(start, 1, dkgGovernance(start)),
                        () -> registry.startDkg(parameters, claimedId, channel, deadline));
                case SIGN -> withOpenShare(start, opened -> {
                    SigningTarget target = SigningTarget.of(start, opened.governance());
                    if (target.path().length == 0) {
                        return registry.startSign(parameters, claimedId, channel, deadline, opened.share(), target.digest());
                    }
                    // The session holds its own reference to the child's native state.
                    try (KeyShare child = opened.share().derivePath(target.path())) {
                        return registry.startSign(parameters, claimedId, channel, deadline, child, target.digest());
                    }
                });
                case REFRESH -> attach(planSeal(start, Math.addExact(start.getShareVersion(), 1), refreshGovernance(start)),
                        () -> withOpenShare(start, opened ->
                                registry.startRefresh(parameters, claimedId, channel, deadline, opened.share())));
            };
        } catch (SealingException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Starts a session that owns {@code plan}; closes the plan if the session does not start. */
    private static MpcSession attach(PendingSeal plan, Supplier<MpcSession> starter) {
        try {
            MpcSession session = starter.get();
            session.attach(plan);
            return session;
        } catch (RuntimeException e) {
            plan.close();
            throw e;
        }
    }

    /** The governance a DKG binds: the start's, or none (an ungoverned test wallet) when unset. */
    private static Governance dkgGovernance(SessionStart start) {
        return start.hasGovernance() ? GovernanceSerialization.fromProto(start.getGovernance()) : Governance.UNGOVERNED;
    }

    /** A refresh keeps the old share's governance; the host cannot bring another. */
    private Governance refreshGovernance(SessionStart start) {
        if (start.hasGovernance()) {
            throw new IllegalArgumentException("a refresh carries the old share's governance over; it must not bring one");
        }
        return withOpenShare(start, OpenedShare::governance);
    }

    private <R> R withOpenShare(SessionStart start, Function<OpenedShare, R> use) {
        return vault.withShare(start.getWalletId(), start.getShareVersion(), use).orElseThrow(
                () -> new SessionRefusedException("share version " + start.getShareVersion() + " of wallet "
                        + start.getWalletId() + " is not open in this enclave"));
    }

    /** The node is this enclave's, fixed at boot; a start that names another one is refused. */
    private void requireOwnNode(SessionStart start) {
        if (!start.getNodeId().isEmpty() && !start.getNodeId().equals(vault.nodeId())) {
            throw new SessionRefusedException("the session start is for node '" + start.getNodeId()
                    + "'; this enclave is node '" + vault.nodeId() + "'");
        }
    }

    /** The new share is sealed for this enclave's own node (see {@link ShareVault}). */
    private PendingSeal planSeal(SessionStart start, int version, Governance governance) throws SealingException {
        if (start.getDataKeyForRecipient().isEmpty() || start.getWrappedDataKey().isEmpty()) {
            throw new IllegalArgumentException("DKG and refresh need data_key_for_recipient and wrapped_data_key");
        }
        return new PendingSeal(start.getWalletId(), version,
                vault.openDataKey(start.getDataKeyForRecipient().toByteArray()), start.getWrappedDataKey().toByteArray(),
                governance);
    }

    private static void closePlan(PendingSeal plan) {
        if (plan != null) {
            plan.close();
        }
    }

    /** Enough of a session id to correlate logs; ids are not secret. */
    private static String shortId(byte[] sessionId) {
        String hex = HexFormat.of().formatHex(sessionId);
        return hex.length() > 16 ? hex.substring(0, 16) : hex;
    }

    private void end(MpcSession session) {
        if (session != null) {
            registry.end(session);
        }
    }

    private static Protocol protocolOf(SessionStart start) {
        return switch (start.getProtocol()) {
            case PROTOCOL_DKG -> Protocol.DKG;
            case PROTOCOL_SIGN -> Protocol.SIGN;
            case PROTOCOL_REFRESH -> Protocol.REFRESH;
            default -> throw new IllegalArgumentException("unknown protocol " + start.getProtocolValue());
        };
    }
}

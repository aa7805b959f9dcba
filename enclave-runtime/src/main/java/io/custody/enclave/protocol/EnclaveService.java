package io.custody.enclave.protocol;

import com.google.protobuf.ByteString;
import io.custody.enclave.attest.AttestationVerifier;
import io.custody.enclave.attest.Attestor;
import io.custody.enclave.attest.AttestorFailedException;
import io.custody.enclave.attest.EnclaveIdentity;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.VerificationPolicy;
import io.custody.enclave.mpc.SessionRegistry;
import io.custody.enclave.seal.RecipientDataKeyOpener;
import io.custody.enclave.seal.SealingException;
import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.AttestResponse;
import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.OpenShareRequest;
import io.custody.proto.enclave.v1.OpenShareResponse;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusResponse;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The enclave's operations, wired into the {@link RouteTable}. */
public final class EnclaveService implements RequestHandler, AutoCloseable {
    public static final int MIN_NONCE = 16;
    public static final int MAX_NONCE = 64;
    public static final int MAX_USER_DATA = 512 - AttestedPeers.BOUND_KEYS;

    private final EnclaveIdentity identity;
    private final String nodeId;
    private final Attestor attestor;
    private final Measurements measurements;
    private final SessionRegistry registry;
    private final ShareVault vault;
    private final StepHandler steps;
    private final RouteTable routes;
    private final ScheduledExecutorService reaper =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());

    public EnclaveService(EnclaveConfig config, EnclaveIdentity identity, Attestor attestor, Measurements measurements,
                          Clock clock) {
        this.identity = identity;
        this.nodeId = config.nodeId();
        this.attestor = attestor;
        this.measurements = measurements;
        this.registry = new SessionRegistry(config.sessionCap(), config.sessionTimeout(), clock);
        this.vault = new ShareVault(new RecipientDataKeyOpener(identity.rsa().getPrivate()), config.shareCacheSize(),
                nodeId);
        this.steps = new StepHandler(identity, new AttestedPeers(new AttestationVerifier(peerPolicy(config, clock)),
                nodeId), registry, vault);
        this.routes = new RouteTable(registry::closeAll)
                .always(Request.OpCase.ATTEST, request -> attest(request.getAttest()))
                .always(Request.OpCase.STATUS, request -> status())
                .whenReady(Request.OpCase.STEP, request -> steps.handle(request.getStep()))
                .whenReady(Request.OpCase.OPEN_SHARE, request -> openShare(request.getOpenShare()));
        // Expired sessions free their native state even if nobody asks about them again.
        reaper.scheduleWithFixedDelay(registry::reapExpired, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Peers must run a build this enclave accepts ({@link EnclaveConfig#peerBuilds}) under a trusted
     * root; which node each one is, {@link AttestedPeers} checks against the roster.
     */
    private static VerificationPolicy peerPolicy(EnclaveConfig config, Clock clock) {
        VerificationPolicy.Builder policy = config.peerBuilds().pinInto(VerificationPolicy.production()
                .maxAge(config.attestationMaxAge())
                .clock(clock));
        if (config.devMode()) {
            policy.enableInsecureDevMode();
        }
        return policy.build();
    }

    @Override
    public Response handle(Request request) {
        return routes.handle(request);
    }

    public RouteTable.State state() {
        return routes.state();
    }

    private Response attest(AttestRequest request) {
        int nonce = request.getNonce().size();
        if (nonce < MIN_NONCE || nonce > MAX_NONCE) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_INVALID_REQUEST,
                    "nonce must be " + MIN_NONCE + ".." + MAX_NONCE + " bytes, was " + nonce);
        }
        if (request.getUserData().size() > MAX_USER_DATA) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_INVALID_REQUEST,
                    "user_data must be at most " + MAX_USER_DATA + " bytes");
        }
        try {
            byte[] document = attestor.attest(request.getNonce().toByteArray(),
                    AttestedPeers.userData(identity, request.getUserData().toByteArray()),
                    identity.rsa().getPublic().getEncoded());
            return Response.newBuilder()
                    .setAttest(AttestResponse.newBuilder().setDocument(ByteString.copyFrom(document)))
                    .build();
        } catch (AttestorFailedException e) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_UNAVAILABLE, "attestation failed: " + e.getMessage());
        }
    }

    private Response status() {
        StatusResponse.Builder status = StatusResponse.newBuilder()
                .setState(routes.state() == RouteTable.State.READY
                        ? EnclaveState.ENCLAVE_STATE_READY : EnclaveState.ENCLAVE_STATE_UNRECOVERABLE)
                .setActiveSessions(registry.active())
                .setSessionCap(registry.cap())
                .setPcr0(ByteString.copyFrom(measurements.pcr0()))
                .setNodeId(nodeId)
                .setFailureReason(routes.failureReason())
                .setCachedShares(vault.cachedShares());
        return Response.newBuilder().setStatus(status).build();
    }

    private Response openShare(OpenShareRequest request) {
        try {
            ShareVault.KeyShareFacts facts = vault.open(request.getSealedShare(),
                    request.getDataKeyForRecipient().toByteArray());
            return Response.newBuilder().setOpenShare(OpenShareResponse.newBuilder()
                    .setWalletId(request.getSealedShare().getWalletId())
                    .setShareVersion(request.getSealedShare().getShareVersion())
                    .setPublicKey(ByteString.copyFrom(facts.publicKey()))
                    .setEthereumAddress(facts.ethereumAddress())
                    .setChainCode(ByteString.copyFrom(facts.chainCode())))
                    .build();
        } catch (SealingException e) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_SEALING, e.getMessage());
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(ErrorCode.ERROR_CODE_INVALID_REQUEST, e.getMessage());
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        registry.closeAll();
        vault.close();
    }
}

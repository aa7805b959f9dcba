package io.custody.control.auth;

import io.custody.control.ControlPlaneException;
import io.custody.control.audit.AuditHashes;
import io.custody.control.store.ApiClientStore;
import io.custody.proto.signature.NonCanonicalRequestException;
import io.custody.proto.signature.SignedRequest;
import io.custody.proto.v1.ClientSignature;
import com.google.protobuf.Message;
import java.util.Optional;

/**
 * Checks the {@link ClientSignature} of a mutating request (custody/v1/client_signature.proto)
 * against a registered key: an API client's for CustodyService, an operator's for AdminService.
 * The algorithm is the registered key's; the request's own claim must match it and is never tried
 * otherwise. The enclaves check the same signature again themselves.
 */
public final class RequestAuthenticator {

    /** Whose keys may sign. */
    public enum Audience { CLIENTS, OPERATORS }

    private final ApiClientStore clients;
    private final OperatorKeys operators;

    public RequestAuthenticator(ApiClientStore clients, OperatorKeys operators) {
        this.clients = clients;
        this.operators = operators;
    }

    /**
     * @throws ControlPlaneException.InvalidRequest if the request's signed bytes cannot be computed
     *     (unknown fields)
     * @throws ControlPlaneException.Unauthenticated if it is unsigned, or the signature does not verify
     * @throws ControlPlaneException.PermissionDenied if the key is unknown, revoked, or not of the audience
     */
    public Authenticated authenticate(String fullMethodName, Message request, ClientSignature signature,
            Audience audience) {
        byte[] signedBytes;
        try {
            signedBytes = SignedRequest.of(fullMethodName, request);
        } catch (NonCanonicalRequestException e) {
            throw new ControlPlaneException.InvalidRequest("", e.getMessage());
        }
        if (signature.getKeyId().isEmpty() || signature.getSignature().isEmpty()) {
            throw new ControlPlaneException.Unauthenticated("the request is not signed (field 15, signature)");
        }
        Optional<ClientKey> found = audience == Audience.OPERATORS ? operators.find(signature.getKeyId())
                : clients.findKey(signature.getKeyId());
        ClientKey key = found.orElseThrow(() -> new ControlPlaneException.PermissionDenied(
                "key " + signature.getKeyId() + " is not a registered " + (audience == Audience.OPERATORS
                        ? "operator key" : "API client key")));
        if (!key.active()) {
            throw new ControlPlaneException.PermissionDenied("key " + key.keyId() + " belongs to a revoked client");
        }
        if (KeyAlgorithm.fromWire(signature.getAlgorithm()).orElse(null) != key.algorithm()) {
            throw new ControlPlaneException.Unauthenticated("key " + key.keyId() + " is registered for "
                    + key.algorithm().toWire() + ", not " + signature.getAlgorithm());
        }
        if (!key.verifies(signedBytes, signature.getSignature().toByteArray())) {
            throw new ControlPlaneException.Unauthenticated("the signature does not verify with key " + key.keyId());
        }
        return new Authenticated(key, AuditHashes.sha256().digest(signedBytes));
    }
}

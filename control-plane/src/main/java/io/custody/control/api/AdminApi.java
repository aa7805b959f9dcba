package io.custody.control.api;

import com.google.protobuf.ByteString;
import io.custody.control.ControlPlaneException;
import io.custody.control.anchor.AnchorCheck;
import io.custody.control.anchor.AnchorVerifier;
import io.custody.control.audit.AuditLog;
import io.custody.control.audit.ChainCheck;
import io.custody.control.auth.ApiClientRegistry;
import io.custody.control.auth.Authenticated;
import io.custody.control.auth.KeyAlgorithm;
import io.custody.control.auth.RequestAuthenticator;
import io.custody.control.auth.RequestAuthenticator.Audience;
import io.custody.control.store.ApiClientStore;
import io.custody.control.store.Page;
import io.custody.control.store.StoredApiClient;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.AuditEvent;
import io.custody.proto.admin.v1.GetNodeRequest;
import io.custody.proto.admin.v1.GetNodeResponse;
import io.custody.proto.admin.v1.ListApiClientsRequest;
import io.custody.proto.admin.v1.ListApiClientsResponse;
import io.custody.proto.admin.v1.ListAuditEventsRequest;
import io.custody.proto.admin.v1.ListAuditEventsResponse;
import io.custody.proto.admin.v1.ListNodesRequest;
import io.custody.proto.admin.v1.ListNodesResponse;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.admin.v1.RegisterApiClientResponse;
import io.custody.proto.admin.v1.RevokeApiClientRequest;
import io.custody.proto.admin.v1.RevokeApiClientResponse;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.VerifyAuditChainResponse;
import io.custody.proto.v1.ClientPublicKey;
import io.grpc.stub.StreamObserver;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** custody.admin.v1.AdminService: nodes, API clients (operator-signed) and the audit log. */
public final class AdminApi extends AdminServiceGrpc.AdminServiceImplBase {

    private final RequestAuthenticator authenticator;
    private final ApiClientRegistry registry;
    private final ApiClientStore clients;
    private final AuditLog audit;
    private final NodeDirectory nodes;
    private final Optional<AnchorVerifier> anchors;

    public AdminApi(RequestAuthenticator authenticator, ApiClientRegistry registry, ApiClientStore clients,
            AuditLog audit, NodeDirectory nodes) {
        this(authenticator, registry, clients, audit, nodes, Optional.empty());
    }

    /** As above; {@code anchors}: VerifyAuditChain also checks the chain against the anchors. */
    public AdminApi(RequestAuthenticator authenticator, ApiClientRegistry registry, ApiClientStore clients,
            AuditLog audit, NodeDirectory nodes, Optional<AnchorVerifier> anchors) {
        this.authenticator = authenticator;
        this.registry = registry;
        this.clients = clients;
        this.audit = audit;
        this.nodes = nodes;
        this.anchors = anchors;
    }

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> response) {
        CustodyApi.reply(response, ListNodesResponse.newBuilder().addAllNodes(nodes.all()).build());
    }

    @Override
    public void getNode(GetNodeRequest request, StreamObserver<GetNodeResponse> response) {
        Violations v = new Violations();
        v.id(request.getNodeId(), "node_id");
        v.throwIfAny();
        CustodyApi.reply(response, GetNodeResponse.newBuilder().setNode(nodes.get(request.getNodeId()).orElseThrow(
                () -> new ControlPlaneException.NotFound("node " + request.getNodeId() + " is not in the deployment")))
                .build());
    }

    @Override
    public void registerApiClient(RegisterApiClientRequest request, StreamObserver<RegisterApiClientResponse> response) {
        Violations v = new Violations();
        v.idempotencyKey(request.getIdempotencyKey());
        v.text(request.getDisplayName(), "display_name", 128, false);
        v.require(request.getKeysCount() > 0, "keys", "at least one key");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.getKeysCount(); i++) {
            v.publicKey(request.getKeys(i), "keys[" + i + "]");
            v.require(seen.add(request.getKeys(i).getKeyId()), "keys[" + i + "].key_id", "listed twice");
        }
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        String method = AdminServiceGrpc.getRegisterApiClientMethod().getFullMethodName();
        Authenticated operator = authenticator.authenticate(method, request, request.getSignature(), Audience.OPERATORS);
        List<ApiClientRegistry.NewKey> keys = request.getKeysList().stream().map(AdminApi::newKey).toList();
        StoredApiClient client = registry.register(operator, method, request.getIdempotencyKey(),
                request.getDisplayName(), keys);
        CustodyApi.reply(response, RegisterApiClientResponse.newBuilder().setApiClient(WireMapper.apiClient(client)).build());
    }

    @Override
    public void listApiClients(ListApiClientsRequest request, StreamObserver<ListApiClientsResponse> response) {
        String scope = "api_clients:" + request.getIncludeRevoked();
        long after = PageTokens.decode(scope, request.getPageToken());
        Page<StoredApiClient> page = clients.list(after, PageTokens.size(request.getPageSize()),
                request.getIncludeRevoked());
        CustodyApi.reply(response, ListApiClientsResponse.newBuilder()
                .addAllApiClients(page.items().stream().map(WireMapper::apiClient).toList())
                .setNextPageToken(PageTokens.encode(scope, page.continueAfter())).build());
    }

    @Override
    public void revokeApiClient(RevokeApiClientRequest request, StreamObserver<RevokeApiClientResponse> response) {
        Violations v = new Violations();
        v.idempotencyKey(request.getIdempotencyKey());
        v.id(request.getClientId(), "client_id");
        v.text(request.getReason(), "reason", 512, false);
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        String method = AdminServiceGrpc.getRevokeApiClientMethod().getFullMethodName();
        Authenticated operator = authenticator.authenticate(method, request, request.getSignature(), Audience.OPERATORS);
        StoredApiClient client = registry.revoke(operator, method, request.getIdempotencyKey(), request.getClientId(),
                request.getReason());
        CustodyApi.reply(response, RevokeApiClientResponse.newBuilder().setApiClient(WireMapper.apiClient(client)).build());
    }

    @Override
    public void listAuditEvents(ListAuditEventsRequest request, StreamObserver<ListAuditEventsResponse> response) {
        String scope = "audit:" + request.getStartSequence() + ":" + request.getResource();
        long after = PageTokens.decode(scope, request.getPageToken());
        long from = Math.max(after + 1, Math.max(1, request.getStartSequence()));
        int size = PageTokens.size(request.getPageSize());
        List<AuditEvent> rows = audit.list(from, request.getResource(), size + 1);
        Page<AuditEvent> page = Page.of(rows, size, AuditEvent::getSequence);
        CustodyApi.reply(response, ListAuditEventsResponse.newBuilder().addAllEvents(page.items())
                .setNextPageToken(PageTokens.encode(scope, page.continueAfter())).build());
    }

    @Override
    public void verifyAuditChain(VerifyAuditChainRequest request, StreamObserver<VerifyAuditChainResponse> response) {
        Violations v = new Violations();
        v.require(request.getToSequence() == 0 || request.getToSequence() >= Math.max(1, request.getFromSequence()),
                "to_sequence", "must be 0 (the newest) or at least from_sequence");
        v.throwIfAny();
        ChainCheck check = audit.verify(request.getFromSequence(), request.getToSequence());
        AnchorCheck anchored = anchors.map(a -> a.check(check, request.getToSequence() == 0))
                .orElse(AnchorCheck.NOT_CONFIGURED);
        String failure = check.failure().isEmpty() ? anchored.failure()
                : anchored.failure().isEmpty() ? check.failure() : check.failure() + "; " + anchored.failure();
        VerifyAuditChainResponse.Builder b = VerifyAuditChainResponse.newBuilder()
                .setValid(check.valid() && anchored.agrees())
                .setFromSequence(check.from()).setToSequence(Math.max(check.to(), 0))
                .setHeadHash(ByteString.copyFrom(check.headHash())).setFailure(failure)
                .setAnchorsChecked(anchored.checked()).setLastAnchoredSequence(anchored.lastAnchoredSequence());
        check.firstInvalid().ifPresent(b::setFirstInvalidSequence);
        anchored.firstDisagreeing().ifPresent(b::setFirstDisagreeingAnchor);
        CustodyApi.reply(response, b.build());
    }

    private static ApiClientRegistry.NewKey newKey(ClientPublicKey key) {
        Optional<KeyAlgorithm> algorithm = KeyAlgorithm.fromWire(key.getAlgorithm());
        return new ApiClientRegistry.NewKey(key.getKeyId(), algorithm.orElseThrow(), key.getPublicKey().toByteArray());
    }
}

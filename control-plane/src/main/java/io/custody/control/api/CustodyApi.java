package io.custody.control.api;

import com.google.protobuf.CodedOutputStream;
import io.custody.control.Changes;
import io.custody.control.ControlPlaneException;
import io.custody.control.auth.Authenticated;
import io.custody.control.auth.ClientKey;
import io.custody.control.auth.KeyAlgorithm;
import io.custody.control.auth.RequestAuthenticator;
import io.custody.control.auth.RequestAuthenticator.Audience;
import io.custody.control.signing.Digests;
import io.custody.control.signing.SignCommand;
import io.custody.control.signing.SignKind;
import io.custody.control.signing.SigningService;
import io.custody.control.store.ApiClientStore;
import io.custody.control.store.OperationStore;
import io.custody.control.store.Page;
import io.custody.control.store.SigningRequestStore;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredWallet;
import io.custody.control.store.WalletStore;
import io.custody.control.wallet.CreateWallet;
import io.custody.control.wallet.WalletService;
import io.custody.proto.ethereum.Addresses;
import io.custody.proto.ethereum.Bip32;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.v1.Address;
import io.custody.proto.v1.AddressFormat;
import io.custody.proto.v1.BitcoinNetwork;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.DeriveAddressResponse;
import io.custody.proto.v1.GetOperationRequest;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.GetSigningRequestResponse;
import io.custody.proto.v1.GetWalletRequest;
import io.custody.proto.v1.GetWalletResponse;
import io.custody.proto.v1.ListWalletsRequest;
import io.custody.proto.v1.ListWalletsResponse;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.RefreshWalletRequest;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignDigestResponse;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignEthereumTransactionResponse;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SignMessageResponse;
import io.custody.proto.v1.WalletGovernance;
import io.custody.proto.v1.WatchOperationRequest;
import io.custody.proto.v1.WatchSigningRequestRequest;
import io.custody.proto.v1.WatchSigningRequestResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * custody.v1.CustodyService. Each handler validates the whole request first (INVALID_ARGUMENT,
 * nothing read or written), then authenticates a mutating request's signature, then hands a
 * domain command to its service; errors are thrown and mapped by {@link ErrorInterceptor}.
 */
public final class CustodyApi extends CustodyServiceGrpc.CustodyServiceImplBase {

    private final RequestAuthenticator authenticator;
    private final WalletService walletService;
    private final SigningService signingService;
    private final WalletStore wallets;
    private final OperationStore operations;
    private final SigningRequestStore requests;
    private final ApiClientStore clients;
    private final Changes changes;
    private final ScheduledExecutorService timer;

    public CustodyApi(RequestAuthenticator authenticator, WalletService walletService, SigningService signingService,
            WalletStore wallets, OperationStore operations, SigningRequestStore requests, ApiClientStore clients,
            Changes changes, ScheduledExecutorService timer) {
        this.authenticator = authenticator;
        this.walletService = walletService;
        this.signingService = signingService;
        this.wallets = wallets;
        this.operations = operations;
        this.requests = requests;
        this.clients = clients;
        this.changes = changes;
        this.timer = timer;
    }

    @Override
    public void createWallet(CreateWalletRequest request, StreamObserver<Operation> response) {
        Violations v = new Violations();
        v.idempotencyKey(request.getIdempotencyKey());
        v.text(request.getDisplayName(), "display_name", 128, false);
        v.require(request.getCurve() == Curve.CURVE_SECP256K1, "curve", "must be CURVE_SECP256K1");
        if (!request.hasGovernance() || request.getGovernance().getSigningKeysCount() == 0) {
            v.add("governance.signing_keys", "at least one key");
        } else {
            for (int i = 0; i < request.getGovernance().getSigningKeysCount(); i++) {
                v.publicKey(request.getGovernance().getSigningKeys(i), "governance.signing_keys[" + i + "]");
            }
        }
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        String method = CustodyServiceGrpc.getCreateWalletMethod().getFullMethodName();
        Authenticated caller = authenticator.authenticate(method, request, request.getSignature(), Audience.CLIENTS);
        WalletGovernance governance = request.getGovernance();
        StoredOperation op = walletService.create(new CreateWallet(caller, method, request.getIdempotencyKey(),
                request.getDisplayName(), deterministic(governance), governance.getAllowRawDigestSigning(),
                governance.getSigningKeysList().stream().map(k -> new CreateWallet.GovernanceKey(k.getKeyId(),
                        KeyAlgorithm.fromWire(k.getAlgorithm()).orElseThrow().storeName(),
                        k.getPublicKey().toByteArray())).toList()));
        reply(response, operation(op));
    }

    @Override
    public void getWallet(GetWalletRequest request, StreamObserver<GetWalletResponse> response) {
        Violations v = new Violations();
        v.id(request.getWalletId(), "wallet_id");
        v.throwIfAny();
        reply(response, GetWalletResponse.newBuilder().setWallet(WireMapper.wallet(wallet(request.getWalletId()))).build());
    }

    @Override
    public void listWallets(ListWalletsRequest request, StreamObserver<ListWalletsResponse> response) {
        String scope = "wallets";
        long after = PageTokens.decode(scope, request.getPageToken());
        int size = PageTokens.size(request.getPageSize());
        String clientId = CallerIdentity.current().orElseThrow(() -> new ControlPlaneException.Unauthenticated(
                "ListWallets needs the caller's identity (client certificate, or custody-client-id set by Envoy)"));
        List<String> keyIds = clients.get(clientId).map(c -> c.keys().stream().map(ClientKey::keyId).toList())
                .orElseThrow(() -> new ControlPlaneException.PermissionDenied("unknown API client " + clientId));
        Page<StoredWallet> page = wallets.listForKeys(keyIds, after, size);
        reply(response, ListWalletsResponse.newBuilder()
                .addAllWallets(page.items().stream().map(WireMapper::wallet).toList())
                .setNextPageToken(PageTokens.encode(scope, page.continueAfter())).build());
    }

    @Override
    public void deriveAddress(DeriveAddressRequest request, StreamObserver<DeriveAddressResponse> response) {
        Violations v = new Violations();
        v.id(request.getWalletId(), "wallet_id");
        v.derivationPath(request.getDerivationPathList(), "derivation_path");
        switch (request.getFormat()) {
            case ADDRESS_FORMAT_ETHEREUM -> v.require(request.getBitcoinNetwork()
                    == BitcoinNetwork.BITCOIN_NETWORK_UNSPECIFIED, "bitcoin_network", "must be unspecified for Ethereum");
            case ADDRESS_FORMAT_BITCOIN_P2WPKH -> v.require(request.getBitcoinNetwork()
                    != BitcoinNetwork.BITCOIN_NETWORK_UNSPECIFIED
                    && request.getBitcoinNetwork() != BitcoinNetwork.UNRECOGNIZED, "bitcoin_network",
                    "required for ADDRESS_FORMAT_BITCOIN_P2WPKH");
            default -> v.add("format", "required: ADDRESS_FORMAT_ETHEREUM or ADDRESS_FORMAT_BITCOIN_P2WPKH");
        }
        v.throwIfAny();
        StoredWallet wallet = wallet(request.getWalletId());
        if (!wallet.hasKey()) {
            throw new ControlPlaneException.FailedPrecondition("wallet " + wallet.walletId() + " is " + wallet.state()
                    + "; it has addresses once ACTIVE");
        }
        byte[] key = wallet.publicKey();
        if (request.getDerivationPathCount() > 0) {
            if (wallet.chainCode() == null) {
                throw new ControlPlaneException.FailedPrecondition("wallet " + wallet.walletId()
                        + " has no chain code: only its root address (empty derivation_path) exists");
            }
            key = Bip32.derivePublic(key, wallet.chainCode(), request.getDerivationPathList()).publicKey();
        }
        String address = request.getFormat() == AddressFormat.ADDRESS_FORMAT_ETHEREUM ? Addresses.ethereum(key)
                : Addresses.bitcoinP2wpkh(key, request.getBitcoinNetwork());
        reply(response, DeriveAddressResponse.newBuilder().setAddress(Address.newBuilder()
                .setWalletId(wallet.walletId()).addAllDerivationPath(request.getDerivationPathList())
                .setFormat(request.getFormat()).setBitcoinNetwork(request.getBitcoinNetwork()).setAddress(address)
                .setPublicKey(com.google.protobuf.ByteString.copyFrom(key))).build());
    }

    @Override
    public void refreshWallet(RefreshWalletRequest request, StreamObserver<Operation> response) {
        Violations v = new Violations();
        v.idempotencyKey(request.getIdempotencyKey());
        v.id(request.getWalletId(), "wallet_id");
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        String method = CustodyServiceGrpc.getRefreshWalletMethod().getFullMethodName();
        Authenticated caller = authenticator.authenticate(method, request, request.getSignature(), Audience.CLIENTS);
        reply(response, operation(walletService.refresh(caller, method, request.getIdempotencyKey(),
                request.getWalletId())));
    }

    @Override
    public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
        reply(response, operation(loadOperation(operationId(request.getName()))));
    }

    @Override
    public void watchOperation(WatchOperationRequest request, StreamObserver<Operation> response) {
        String id = operationId(request.getName());
        StoredOperation first = loadOperation(id);
        Watch.start("operations/" + id, first, () -> loadOperation(id),
                op -> op.stage().name() + "@" + op.updateTime(), StoredOperation::done, this::operation, response,
                changes, timer, CustodyServiceGrpc.getWatchOperationMethod().getFullMethodName());
    }

    @Override
    public void signEthereumTransaction(SignEthereumTransactionRequest request,
            StreamObserver<SignEthereumTransactionResponse> response) {
        Violations v = signingCommon(request.getIdempotencyKey(), request.getWalletId(), request.getDerivationPathList());
        if (!request.hasEthereumTransaction()) {
            v.add("ethereum_transaction", "required");
        } else {
            v.payload(SigningPayloads.validate(request.getEthereumTransaction(), "ethereum_transaction"));
        }
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        StoredSigningRequest accepted = sign(SignKind.ETHEREUM_TRANSACTION, request, request.getSignature(),
                request.getIdempotencyKey(), request.getWalletId(), () -> Digests.of(request));
        reply(response, SignEthereumTransactionResponse.newBuilder()
                .setSigningRequest(WireMapper.signingRequest(accepted)).build());
    }

    @Override
    public void signMessage(SignMessageRequest request, StreamObserver<SignMessageResponse> response) {
        Violations v = signingCommon(request.getIdempotencyKey(), request.getWalletId(), request.getDerivationPathList());
        if (!request.hasPersonalMessage()) {
            v.add("personal_message", "required");
        } else {
            v.payload(SigningPayloads.validate(request.getPersonalMessage(), "personal_message"));
        }
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        StoredSigningRequest accepted = sign(SignKind.PERSONAL_MESSAGE, request, request.getSignature(),
                request.getIdempotencyKey(), request.getWalletId(), () -> Digests.of(request));
        reply(response, SignMessageResponse.newBuilder().setSigningRequest(WireMapper.signingRequest(accepted)).build());
    }

    @Override
    public void signDigest(SignDigestRequest request, StreamObserver<SignDigestResponse> response) {
        Violations v = signingCommon(request.getIdempotencyKey(), request.getWalletId(), request.getDerivationPathList());
        if (!request.hasRawDigest()) {
            v.add("raw_digest", "required");
        } else {
            v.require(request.getRawDigest().getDigest().size() == 32, "raw_digest.digest", "exactly 32 bytes");
        }
        v.signature(request.hasSignature(), request.getSignature());
        v.throwIfAny();
        StoredSigningRequest accepted = sign(SignKind.RAW_DIGEST, request, request.getSignature(),
                request.getIdempotencyKey(), request.getWalletId(), () -> Digests.of(request));
        reply(response, SignDigestResponse.newBuilder().setSigningRequest(WireMapper.signingRequest(accepted)).build());
    }

    @Override
    public void getSigningRequest(GetSigningRequestRequest request, StreamObserver<GetSigningRequestResponse> response) {
        Violations v = new Violations();
        v.id(request.getRequestId(), "request_id");
        v.throwIfAny();
        reply(response, GetSigningRequestResponse.newBuilder()
                .setSigningRequest(WireMapper.signingRequest(loadRequest(request.getRequestId()))).build());
    }

    @Override
    public void watchSigningRequest(WatchSigningRequestRequest request,
            StreamObserver<WatchSigningRequestResponse> response) {
        Violations v = new Violations();
        v.id(request.getRequestId(), "request_id");
        v.throwIfAny();
        String id = request.getRequestId();
        StoredSigningRequest first = loadRequest(id);
        Watch.start("signing_requests/" + id, first, () -> loadRequest(id), r -> r.state(), r -> r.state().terminal(),
                r -> WatchSigningRequestResponse.newBuilder().setSigningRequest(WireMapper.signingRequest(r)).build(),
                response, changes, timer, CustodyServiceGrpc.getWatchSigningRequestMethod().getFullMethodName());
    }

    private static Violations signingCommon(String idempotencyKey, String walletId, List<Integer> path) {
        Violations v = new Violations();
        v.idempotencyKey(idempotencyKey);
        v.id(walletId, "wallet_id");
        v.derivationPath(path, "derivation_path");
        return v;
    }

    private StoredSigningRequest sign(SignKind kind, com.google.protobuf.Message request,
            io.custody.proto.v1.ClientSignature signature, String idempotencyKey, String walletId,
            java.util.function.Supplier<byte[]> digest) {
        Authenticated caller = authenticator.authenticate(kind.method(), request, signature, Audience.CLIENTS);
        return signingService.submit(new SignCommand(caller, kind, idempotencyKey, walletId, ReceivedBytes.current(),
                digest.get()));
    }

    private Operation operation(StoredOperation op) {
        return WireMapper.operation(op, wallet(op.walletId()));
    }

    private StoredWallet wallet(String walletId) {
        return wallets.get(walletId)
                .orElseThrow(() -> new ControlPlaneException.NotFound("wallet " + walletId + " does not exist"));
    }

    private StoredOperation loadOperation(String id) {
        return operations.get(id)
                .orElseThrow(() -> new ControlPlaneException.NotFound("operation operations/" + id + " does not exist"));
    }

    private StoredSigningRequest loadRequest(String id) {
        return requests.get(id)
                .orElseThrow(() -> new ControlPlaneException.NotFound("signing request " + id + " does not exist"));
    }

    private static String operationId(String name) {
        if (!name.startsWith("operations/") || name.length() == "operations/".length() || name.length() > 80) {
            throw new ControlPlaneException.InvalidRequest("name", "must be \"operations/\" and an operation id");
        }
        return name.substring("operations/".length());
    }

    private static byte[] deterministic(WalletGovernance governance) {
        byte[] out = new byte[governance.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            governance.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}

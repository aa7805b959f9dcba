package io.custody.control.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.custody.control.auth.ClientKey;
import io.custody.control.signing.SignKind;
import io.custody.control.store.StoredApiClient;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredWallet;
import io.custody.proto.admin.v1.ApiClient;
import io.custody.proto.admin.v1.ApiClientState;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.EcdsaSignature;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.OperationError;
import io.custody.proto.v1.OperationKind;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SigningFailure;
import io.custody.proto.v1.SigningFailureReason;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.SigningResult;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletGovernance;
import io.custody.proto.v1.WalletState;
import java.time.Instant;

/** Stored records to the custody.v1 / custody.admin.v1 messages clients see. */
final class WireMapper {

    private WireMapper() {}

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Wallet wallet(StoredWallet w) {
        Wallet.Builder b = Wallet.newBuilder().setWalletId(w.walletId()).setDisplayName(w.displayName())
                .setState(switch (w.state()) {
                    case CREATING -> WalletState.WALLET_STATE_CREATING;
                    case ACTIVE -> WalletState.WALLET_STATE_ACTIVE;
                    case REFRESHING -> WalletState.WALLET_STATE_REFRESHING;
                    case FAILED -> WalletState.WALLET_STATE_FAILED;
                })
                .setCurve(Curve.CURVE_SECP256K1).setThreshold(w.threshold()).setShareCount(w.shareCount())
                .setShareVersion(w.shareVersion()).setGovernance(governance(w))
                .setCreateTime(timestamp(w.createTime()));
        if (w.publicKey() != null) {
            b.setPublicKey(ByteString.copyFrom(w.publicKey()));
        }
        if (w.chainCode() != null) {
            b.setChainCode(ByteString.copyFrom(w.chainCode()));
        }
        if (w.refreshTime() != null) {
            b.setRefreshTime(timestamp(w.refreshTime()));
        }
        return b.build();
    }

    static WalletGovernance governance(StoredWallet w) {
        try {
            return WalletGovernance.parseFrom(w.governance());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored governance of " + w.walletId() + " does not parse", e);
        }
    }

    static Operation operation(StoredOperation op, StoredWallet wallet) {
        Operation.Builder b = Operation.newBuilder().setName("operations/" + op.operationId())
                .setKind(op.kind() == StoredOperation.Kind.CREATE ? OperationKind.OPERATION_KIND_CREATE_WALLET
                        : OperationKind.OPERATION_KIND_REFRESH_WALLET)
                .setWalletId(op.walletId()).setDone(op.done())
                .setCreateTime(timestamp(op.createTime())).setUpdateTime(timestamp(op.updateTime()));
        if (op.stage() == StoredOperation.Stage.DONE) {
            b.setWallet(wallet(wallet));
        } else if (op.stage() == StoredOperation.Stage.FAILED) {
            StoredOperation.Error e = op.error().orElseThrow();
            b.setError(OperationError.newBuilder().setCode(e.code()).setMessage(e.message())
                    .setCorrelationId(e.correlationId()));
        }
        return b.build();
    }

    static SigningRequest signingRequest(StoredSigningRequest r) {
        SignKind kind = SignKind.ofMethod(r.method());
        var request = kind.parse(r.requestBytes());
        SigningRequest.Builder b = SigningRequest.newBuilder().setRequestId(r.requestId()).setWalletId(r.walletId())
                .setState(switch (r.state()) {
                    case RECEIVED -> SigningRequestState.SIGNING_REQUEST_STATE_RECEIVED;
                    case QUEUED -> SigningRequestState.SIGNING_REQUEST_STATE_QUEUED;
                    case SIGNING -> SigningRequestState.SIGNING_REQUEST_STATE_SIGNING;
                    case SIGNED -> SigningRequestState.SIGNING_REQUEST_STATE_SIGNED;
                    case FAILED -> SigningRequestState.SIGNING_REQUEST_STATE_FAILED;
                })
                .setIdempotencyKey(r.idempotencyKey()).setClientKeyId(r.clientKeyId())
                .addAllDerivationPath(kind.derivationPath(request))
                .setDigest(ByteString.copyFrom(r.digest()))
                .setCreateTime(timestamp(r.createTime())).setUpdateTime(timestamp(r.updateTime()));
        switch (request) {
            case SignEthereumTransactionRequest t -> b.setEthereumTransaction(t.getEthereumTransaction());
            case SignMessageRequest m -> b.setPersonalMessage(m.getPersonalMessage());
            case SignDigestRequest d -> b.setRawDigest(d.getRawDigest());
            default -> throw new IllegalStateException("not a signing request");
        }
        r.signed().ifPresent(s -> b.setResult(SigningResult.newBuilder()
                .setSignature(EcdsaSignature.newBuilder().setR(ByteString.copyFrom(s.r()))
                        .setS(ByteString.copyFrom(s.s())).setRecoveryId(s.recoveryId()))
                .setSignedTransaction(ByteString.copyFrom(s.signedTransaction()))
                .setTransactionHash(ByteString.copyFrom(s.transactionHash()))));
        r.failure().ifPresent(f -> b.setFailure(SigningFailure.newBuilder()
                .setReason(switch (f.reason()) {
                    case NO_QUORUM -> SigningFailureReason.SIGNING_FAILURE_REASON_NO_QUORUM;
                    case ABORTED -> SigningFailureReason.SIGNING_FAILURE_REASON_ABORTED;
                    case CHEATING_PARTY -> SigningFailureReason.SIGNING_FAILURE_REASON_CHEATING_PARTY;
                    case TIMEOUT -> SigningFailureReason.SIGNING_FAILURE_REASON_TIMEOUT;
                    case UNAUTHORIZED -> SigningFailureReason.SIGNING_FAILURE_REASON_UNAUTHORIZED;
                    case INTERNAL -> SigningFailureReason.SIGNING_FAILURE_REASON_INTERNAL;
                })
                .setMessage(f.message()).setCorrelationId(f.correlationId())));
        return b.build();
    }

    static ApiClient apiClient(StoredApiClient c) {
        ApiClient.Builder b = ApiClient.newBuilder().setClientId(c.clientId()).setDisplayName(c.displayName())
                .setState(c.revoked() ? ApiClientState.API_CLIENT_STATE_REVOKED : ApiClientState.API_CLIENT_STATE_ACTIVE)
                .setCreateTime(timestamp(c.createTime())).setRevokeReason(c.revokeReason());
        for (ClientKey k : c.keys()) {
            b.addKeys(ClientPublicKey.newBuilder().setKeyId(k.keyId()).setAlgorithm(k.algorithm().toWire())
                    .setPublicKey(ByteString.copyFrom(k.publicKey())));
        }
        if (c.revokeTime() != null) {
            b.setRevokeTime(timestamp(c.revokeTime()));
        }
        return b.build();
    }
}

package io.custody.control.signing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import java.util.List;

/**
 * The three signing RPCs, by full gRPC method name (what the client signed, and what the enclave
 * receives in {@code AuthorizedRequest.method}). A stored request is re-read from the bytes it was
 * received as, so there is one source of truth for what was asked.
 */
public enum SignKind {
    ETHEREUM_TRANSACTION(CustodyServiceGrpc.getSignEthereumTransactionMethod().getFullMethodName()),
    PERSONAL_MESSAGE(CustodyServiceGrpc.getSignMessageMethod().getFullMethodName()),
    RAW_DIGEST(CustodyServiceGrpc.getSignDigestMethod().getFullMethodName());

    private final String method;

    SignKind(String method) {
        this.method = method;
    }

    public String method() {
        return method;
    }

    public static SignKind ofMethod(String method) {
        for (SignKind kind : values()) {
            if (kind.method.equals(method)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a signing method: " + method);
    }

    /** Parses stored request bytes as this kind's request message. */
    public Message parse(byte[] requestBytes) {
        try {
            return switch (this) {
                case ETHEREUM_TRANSACTION -> SignEthereumTransactionRequest.parseFrom(requestBytes);
                case PERSONAL_MESSAGE -> SignMessageRequest.parseFrom(requestBytes);
                case RAW_DIGEST -> SignDigestRequest.parseFrom(requestBytes);
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored " + this + " request does not parse", e);
        }
    }

    /** The BIP-32 path below the wallet's root that a request of this kind names. */
    public List<Integer> derivationPath(Message request) {
        return switch (request) {
            case SignEthereumTransactionRequest r -> r.getDerivationPathList();
            case SignMessageRequest r -> r.getDerivationPathList();
            case SignDigestRequest r -> r.getDerivationPathList();
            default -> throw new IllegalArgumentException("not a signing request: " + request.getDescriptorForType());
        };
    }
}

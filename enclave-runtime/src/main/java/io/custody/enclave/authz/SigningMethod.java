package io.custody.enclave.authz;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import java.util.Arrays;
import java.util.Optional;

/** The client RPCs that ask for a signature, by the full method name the client signed. */
enum SigningMethod {
    SIGN_ETHEREUM_TRANSACTION("custody.v1.CustodyService/SignEthereumTransaction") {
        @Override
        Message parse(byte[] request) throws InvalidProtocolBufferException {
            return SignEthereumTransactionRequest.parseFrom(request);
        }
    },
    SIGN_MESSAGE("custody.v1.CustodyService/SignMessage") {
        @Override
        Message parse(byte[] request) throws InvalidProtocolBufferException {
            return SignMessageRequest.parseFrom(request);
        }
    },
    SIGN_DIGEST("custody.v1.CustodyService/SignDigest") {
        @Override
        Message parse(byte[] request) throws InvalidProtocolBufferException {
            return SignDigestRequest.parseFrom(request);
        }
    };

    private final String fullName;

    SigningMethod(String fullName) {
        this.fullName = fullName;
    }

    /** grpc-java's full method name, as the client signed it. */
    String fullName() {
        return fullName;
    }

    static Optional<SigningMethod> named(String fullName) {
        return Arrays.stream(values()).filter(method -> method.fullName.equals(fullName)).findFirst();
    }

    abstract Message parse(byte[] request) throws InvalidProtocolBufferException;
}

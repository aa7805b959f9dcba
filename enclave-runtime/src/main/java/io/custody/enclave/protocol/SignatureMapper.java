package io.custody.enclave.protocol;

import com.google.protobuf.ByteString;
import io.custody.dkls23.Signature;

/** dkls23 {@link Signature} → custody.enclave.v1.Signature. */
final class SignatureMapper {
    private SignatureMapper() {}

    static io.custody.proto.enclave.v1.Signature toProto(Signature signature) {
        return io.custody.proto.enclave.v1.Signature.newBuilder()
                .setR(ByteString.copyFrom(signature.r()))
                .setS(ByteString.copyFrom(signature.s()))
                .setRecoveryId(signature.recoveryId())
                .build();
    }
}

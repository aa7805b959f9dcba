package io.custody.control.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.custody.proto.signature.ClientKeyIds;
import io.custody.proto.signature.SignedRequest;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.SignatureAlgorithm;
import io.grpc.MethodDescriptor;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A client or operator key pair that signs requests as custody/v1/client_signature.proto says. */
public record TestKeys(KeyPair pair, SignatureAlgorithm algorithm) {

    public static TestKeys ed25519() throws Exception {
        return new TestKeys(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(),
                SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519);
    }

    public static TestKeys p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new TestKeys(g.generateKeyPair(), SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256);
    }

    public byte[] spki() {
        return pair.getPublic().getEncoded();
    }

    public String keyId() {
        return ClientKeyIds.of(spki());
    }

    public ClientPublicKey publicKey() {
        return ClientPublicKey.newBuilder().setKeyId(keyId()).setAlgorithm(algorithm)
                .setPublicKey(ByteString.copyFrom(spki())).build();
    }

    /** {@code request} with its signature (field 15) set for {@code method}. */
    @SuppressWarnings("unchecked")
    public <T extends Message> T sign(MethodDescriptor<T, ?> method, T request) {
        try {
            byte[] bytes = SignedRequest.of(method.getFullMethodName(), request);
            Signature s = Signature.getInstance(algorithm == SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519
                    ? "Ed25519" : "SHA256withECDSA");
            s.initSign(pair.getPrivate());
            s.update(bytes);
            ClientSignature signature = ClientSignature.newBuilder().setKeyId(keyId()).setAlgorithm(algorithm)
                    .setSignature(ByteString.copyFrom(s.sign())).build();
            var field = request.getDescriptorForType().findFieldByNumber(SignedRequest.SIGNATURE_FIELD_NUMBER);
            return (T) request.toBuilder().setField(field, signature).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.custody.enclave.authz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.signature.ClientKeyIds;
import io.custody.proto.signature.SignedRequest;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * An API client for tests: a fresh Ed25519 or P-256 key, its registered form, and requests it
 * signs exactly as custody/v1/client_signature.proto says (the enclave's own tests and the
 * whole-system tests use it).
 */
public final class TestClient {
    public static final String SIGN_ETHEREUM_TRANSACTION = "custody.v1.CustodyService/SignEthereumTransaction";
    public static final String SIGN_MESSAGE = "custody.v1.CustodyService/SignMessage";
    public static final String SIGN_DIGEST = "custody.v1.CustodyService/SignDigest";

    private final KeyPair keys;
    private final SignatureAlgorithm algorithm;
    private final String jcaSignature;

    private TestClient(KeyPair keys, SignatureAlgorithm algorithm, String jcaSignature) {
        this.keys = keys;
        this.algorithm = algorithm;
        this.jcaSignature = jcaSignature;
    }

    public static TestClient ed25519() throws GeneralSecurityException {
        return new TestClient(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(),
                SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519, "Ed25519");
    }

    public static TestClient p256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return new TestClient(generator.generateKeyPair(), SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_P256_SHA256,
                "SHA256withECDSA");
    }

    /** The key as a wallet's governance lists it. */
    public ClientPublicKey publicKey() {
        byte[] spki = keys.getPublic().getEncoded();
        return ClientPublicKey.newBuilder()
                .setKeyId(ClientKeyIds.of(spki))
                .setAlgorithm(algorithm)
                .setPublicKey(ByteString.copyFrom(spki))
                .build();
    }

    public String keyId() {
        return ClientKeyIds.of(keys.getPublic().getEncoded());
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** {@code request} with its field 15 set to this client's signature for {@code method}. */
    @SuppressWarnings("unchecked")
    public <T extends Message> T sign(String method, T request) {
        try {
            Signature signer = Signature.getInstance(jcaSignature);
            signer.initSign(keys.getPrivate());
            signer.update(SignedRequest.of(method, request));
            ClientSignature signature = ClientSignature.newBuilder()
                    .setKeyId(keyId())
                    .setAlgorithm(algorithm)
                    .setSignature(ByteString.copyFrom(signer.sign()))
                    .build();
            FieldDescriptor field = request.getDescriptorForType().findFieldByNumber(SignedRequest.SIGNATURE_FIELD_NUMBER);
            return (T) request.toBuilder().setField(field, signature).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signed request as the enclave receives it. */
    public AuthorizedRequest authorized(String method, Message request) {
        return wrap(method, sign(method, request));
    }

    /** A request (signed or not) in the wire envelope, for tests that tamper with it. */
    public static AuthorizedRequest wrap(String method, Message request) {
        return AuthorizedRequest.newBuilder().setMethod(method).setRequest(request.toByteString()).build();
    }
}

package io.custody.proto.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.custody.proto.admin.v1.RevokeApiClientRequest;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.GetWalletRequest;
import io.custody.proto.v1.RawDigest;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignedRequestTest {

    private static final String SIGN_DIGEST = "custody.v1.CustodyService/SignDigest";

    private static SignDigestRequest request() {
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 0x11);
        return SignDigestRequest.newBuilder()
                .setIdempotencyKey("k1")
                .setWalletId("w1")
                .addDerivationPath(0)
                .addDerivationPath(5)
                .setRawDigest(RawDigest.newBuilder().setDigest(ByteString.copyFrom(digest)))
                .setSignature(ClientSignature.newBuilder().setKeyId("sha256:00")
                        .setAlgorithm(SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519)
                        .setSignature(ByteString.copyFromUtf8("sig")))
                .build();
    }

    @Test
    void knownAnswer() {
        String body = "0a026b31" // 1: idempotency_key "k1"
                + "12027731" // 2: wallet_id "w1"
                + "1a020005" // 3: derivation_path [0, 5], packed
                + "2222" + "0a20" + "11".repeat(32); // 4: raw_digest { 1: digest }; 15 (signature) left out
        byte[] prefix = "custody-request-signature-v1\0custody.v1.CustodyService/SignDigest\0"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] expected = concat(prefix, HexFormat.of().parseHex(body));
        assertArrayEquals(expected, SignedRequest.of(SIGN_DIGEST, request()));
    }

    @Test
    void theSignatureFieldIsNotSignedAndEveryOtherFieldIs() {
        byte[] signed = SignedRequest.of(SIGN_DIGEST, request());
        assertArrayEquals(signed, SignedRequest.of(SIGN_DIGEST, request().toBuilder().clearSignature().build()));
        assertFalse(Arrays.equals(signed, SignedRequest.of(SIGN_DIGEST, request().toBuilder().setWalletId("w2").build())));
        assertFalse(Arrays.equals(signed, SignedRequest.of(SIGN_DIGEST, request().toBuilder().setIdempotencyKey("k2").build())));
        assertFalse(Arrays.equals(signed, SignedRequest.of(SIGN_DIGEST, request().toBuilder().addDerivationPath(1).build())));
    }

    @Test
    void adminRequestsAreSignedTheSameWayUnderTheirOwnMethodName() {
        RevokeApiClientRequest revoke = RevokeApiClientRequest.newBuilder().setIdempotencyKey("k").setClientId("c").build();
        byte[] signed = SignedRequest.of("custody.admin.v1.AdminService/RevokeApiClient", revoke);
        byte[] prefix = "custody-request-signature-v1\0custody.admin.v1.AdminService/RevokeApiClient\0"
                .getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(concat(prefix, revoke.toByteArray()), signed);
    }

    @Test
    void aRequestSignsOnlyForItsOwnMutatingMethod() {
        assertThrows(NonCanonicalRequestException.class,
                () -> SignedRequest.of("custody.v1.CustodyService/SignMessage", request()));
        assertThrows(NonCanonicalRequestException.class,
                () -> SignedRequest.of("custody.v1.CustodyService/GetWallet", GetWalletRequest.getDefaultInstance()));
        assertThrows(NonCanonicalRequestException.class,
                () -> SignedRequest.of("/" + SIGN_DIGEST, request()));
    }

    @Test
    void unknownFieldsAtAnyDepthAreRefused() {
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build();
        SignDigestRequest top = request().toBuilder().setUnknownFields(unknown).build();
        SignDigestRequest nested = request().toBuilder()
                .setRawDigest(request().getRawDigest().toBuilder().setUnknownFields(unknown)).build();
        assertThrows(NonCanonicalRequestException.class, () -> SignedRequest.of(SIGN_DIGEST, top));
        NonCanonicalRequestException e = assertThrows(NonCanonicalRequestException.class,
                () -> SignedRequest.of(SIGN_DIGEST, nested));
        assertTrue(e.getMessage().contains("raw_digest"), e.getMessage());
    }

    /** The key and signature encodings client_signature.proto names are what the JDK produces. */
    @Test
    void ed25519AndP256KeysSignAndVerifyAsDocumented() throws GeneralSecurityException {
        byte[] message = SignedRequest.of(SIGN_DIGEST, request());

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] edSignature = sign("Ed25519", ed, message);
        assertEquals(64, edSignature.length);
        assertTrue(verify("Ed25519", "Ed25519", ed.getPublic().getEncoded(), message, edSignature));

        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        byte[] ecSignature = sign("SHA256withECDSA", ec, message);
        assertEquals(0x30, ecSignature[0] & 0xff, "DER SEQUENCE");
        assertTrue(verify("SHA256withECDSA", "EC", ec.getPublic().getEncoded(), message, ecSignature));

        message[message.length - 1] ^= 1;
        assertFalse(verify("Ed25519", "Ed25519", ed.getPublic().getEncoded(), message, edSignature));
    }

    @Test
    void keyIdIsTheSha256OfTheEncodedKey() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ClientKeyIds.of(new byte[0]));
    }

    private static byte[] sign(String algorithm, KeyPair keys, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    private static boolean verify(String algorithm, String keyAlgorithm, byte[] spki, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(spki)));
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

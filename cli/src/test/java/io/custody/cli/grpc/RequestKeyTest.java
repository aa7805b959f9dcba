package io.custody.cli.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.signature.ClientKeyIds;
import io.custody.proto.signature.SignedRequest;
import io.custody.proto.v1.SignatureAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestKeyTest {
    @TempDir Path dir;

    @Test
    void writtenKeyReadsBackAndItsSignatureVerifiesOverTheSignedRequestBytes() throws Exception {
        RequestKey key = RequestKey.generate();
        Path pem = dir.resolve("admin-key.pem");
        Path pub = dir.resolve("admin-key.pub");
        key.write(pem, pub);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pem)));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"), "what --admin-key-file takes");

        RequestKey read = RequestKey.read(pem, pub);
        assertEquals(key.keyId(), read.keyId());
        assertEquals(ClientKeyIds.of(read.publicKey().getPublicKey().toByteArray()), read.keyId());
        assertFalse(read.toString().contains("PRIVATE"));

        RegisterApiClientRequest unsigned = RegisterApiClientRequest.newBuilder().setIdempotencyKey("k")
                .setDisplayName("demo").addKeys(RequestKey.generate().publicKey()).build();
        RegisterApiClientRequest signed = read.sign(AdminServiceGrpc.getRegisterApiClientMethod(), unsigned);
        assertEquals(key.keyId(), signed.getSignature().getKeyId());
        assertEquals(SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519, signed.getSignature().getAlgorithm());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(key.publicKey().getPublicKey().toByteArray())));
        verifier.update(SignedRequest.of(AdminServiceGrpc.getRegisterApiClientMethod().getFullMethodName(), signed));
        assertTrue(verifier.verify(signed.getSignature().getSignature().toByteArray()));
    }
}

package io.custody.cli.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.custody.cli.CustodyCliException;
import io.custody.proto.signature.ClientKeyIds;
import io.custody.proto.signature.SignedRequest;
import io.custody.proto.v1.ClientPublicKey;
import io.custody.proto.v1.ClientSignature;
import io.custody.proto.v1.SignatureAlgorithm;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An Ed25519 key that signs control-plane requests (an operator's or an API client's): the
 * signature over {@link SignedRequest#of} goes into field 15 with the key's id
 * ({@code sha256:<hex of the SubjectPublicKeyInfo>}). Kept as PEM: {@code PRIVATE KEY} (PKCS#8,
 * 0600) and {@code PUBLIC KEY} (SubjectPublicKeyInfo, what {@code --admin-key-file} takes).
 */
public final class RequestKey {
    private final PrivateKey privateKey;
    private final byte[] spki;

    private RequestKey(PrivateKey privateKey, byte[] spki) {
        this.privateKey = privateKey;
        this.spki = spki.clone();
    }

    public static RequestKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new RequestKey(pair.getPrivate(), pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** Reads a key {@link #write} wrote. */
    public static RequestKey read(Path privatePem, Path publicPem) {
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            PrivateKey key = ed25519.generatePrivate(new PKCS8EncodedKeySpec(pem(privatePem, "PRIVATE KEY")));
            byte[] spki = pem(publicPem, "PUBLIC KEY");
            PublicKey checked = ed25519.generatePublic(new X509EncodedKeySpec(spki));
            return new RequestKey(key, checked.getEncoded());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new CustodyCliException.IoFailure("cannot read the Ed25519 key " + privatePem + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code PRIVATE KEY} to {@code privatePem} (new file, 0600) and {@code PUBLIC KEY} to {@code publicPem}. */
    public void write(Path privatePem, Path publicPem) {
        try {
            Files.createFile(privatePem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privatePem, toPem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(publicPem, toPem("PUBLIC KEY", spki), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot write " + privatePem + ": " + e.getMessage(), e);
        }
    }

    /** The conventional public half of {@code privatePem}: {@code NAME.pem} → {@code NAME.pub}, else {@code FILE.pub}. */
    public static Path publicPathOf(Path privatePem) {
        String name = privatePem.getFileName().toString();
        return privatePem.resolveSibling(name.endsWith(".pem") ? name.substring(0, name.length() - 4) + ".pub" : name + ".pub");
    }

    public String keyId() {
        return ClientKeyIds.of(spki);
    }

    public ClientPublicKey publicKey() {
        return ClientPublicKey.newBuilder().setKeyId(keyId())
                .setAlgorithm(SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519)
                .setPublicKey(ByteString.copyFrom(spki)).build();
    }

    /** {@code request} with its {@code ClientSignature} (field 15) for {@code method}. */
    @SuppressWarnings("unchecked")
    public <T extends Message> T sign(MethodDescriptor<T, ?> method, T request) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(SignedRequest.of(method.getFullMethodName(), request));
            ClientSignature signature = ClientSignature.newBuilder().setKeyId(keyId())
                    .setAlgorithm(SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519)
                    .setSignature(ByteString.copyFrom(ed25519.sign())).build();
            var field = request.getDescriptorForType().findFieldByNumber(SignedRequest.SIGNATURE_FIELD_NUMBER);
            return (T) request.toBuilder().setField(field, signature).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "RequestKey[" + keyId() + "]";
    }

    private static String toPem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " holds no " + type + " PEM block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}

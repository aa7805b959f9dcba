package io.custody.kmsemu.crypto;

import io.custody.kmsemu.KmsEmulatorException;
import io.custody.kmsemu.KmsErrorCode;
import io.custody.kmsemu.key.KeyMaterial;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The emulator's {@code CiphertextBlob}, byte by byte:
 *
 * <pre>
 *   version   1 byte   0x01
 *   idLength  1 byte   length of keyId (36)
 *   keyId     idLength bytes, ASCII: the KMS key id that encrypted it
 *   nonce     12 bytes, random
 *   sealed    AES-256-GCM(key material, nonce, plaintext) ciphertext || 16-byte tag
 * </pre>
 *
 * <p>The associated data is {@code "custody-kmsemu/ciphertext/v1" || version || idLength || keyId
 * || EncryptionContext canonical bytes}, so a changed header or context fails the tag. This is not
 * AWS's format, and blobs are only ever meaningful to this emulator.
 */
public final class CiphertextBlob {
    public static final byte VERSION = 1;
    public static final int MAX_BLOB_BYTES = 6144;

    private static final byte[] DOMAIN = "custody-kmsemu/ciphertext/v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private CiphertextBlob() {}

    public static byte[] seal(String keyId, KeyMaterial material, byte[] plaintext,
            EncryptionContext context, SecureRandom random) {
        byte[] header = header(keyId);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, material.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(associatedData(header, context));
            byte[] sealed = gcm.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
                    .put(header).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The key id a blob names, or {@code InvalidCiphertextException} if it is not one of ours. */
    public static String keyIdOf(byte[] blob) {
        Objects.requireNonNull(blob, "blob");
        if (blob.length < 2 || blob.length > MAX_BLOB_BYTES || blob[0] != VERSION) {
            throw invalid();
        }
        int idLength = blob[1] & 0xff;
        if (blob.length < 2 + idLength + NONCE_BYTES + TAG_BITS / 8) {
            throw invalid();
        }
        return new String(blob, 2, idLength, StandardCharsets.US_ASCII);
    }

    /** The plaintext, or {@code InvalidCiphertextException} if key, header or context differ. */
    public static byte[] open(byte[] blob, KeyMaterial material, EncryptionContext context) {
        String keyId = keyIdOf(blob);
        byte[] header = header(keyId);
        if (!Arrays.equals(blob, 0, header.length, header, 0, header.length)) {
            throw invalid();
        }
        int nonceAt = header.length;
        int sealedAt = nonceAt + NONCE_BYTES;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, material.aesKey(),
                    new GCMParameterSpec(TAG_BITS, blob, nonceAt, NONCE_BYTES));
            gcm.updateAAD(associatedData(header, context));
            return gcm.doFinal(blob, sealedAt, blob.length - sealedAt);
        } catch (AEADBadTagException e) {
            throw invalid();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] header(String keyId) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        if (id.length > 255) {
            throw new IllegalArgumentException("key id too long");
        }
        return ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
    }

    private static byte[] associatedData(byte[] header, EncryptionContext context) {
        byte[] contextBytes = context.canonicalBytes();
        return ByteBuffer.allocate(DOMAIN.length + header.length + contextBytes.length)
                .put(DOMAIN).put(header).put(contextBytes).array();
    }

    private static KmsEmulatorException invalid() {
        // AWS gives no detail here either; the message must not help an attacker tell causes apart.
        return new KmsEmulatorException(KmsErrorCode.INVALID_CIPHERTEXT, null);
    }
}

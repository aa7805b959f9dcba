package io.custody.enclave.seal;

import io.custody.dkls23.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secret bytes (a serialized key share) under a {@link DataKey} with AES-256-GCM, bound
 * to a {@link ShareAad}.
 *
 * <p>Guarantees: a blob opens only under the data key and the exact associated data it was
 * sealed with; any other key, wallet, node, share version or public key, any altered, added or
 * removed byte, and any other format byte fail with one {@link ShareOpenException} that does
 * not say which. Plaintext is released only after the tag verifies, and buffers of a failed
 * open are zeroed. Not guaranteed: hiding the plaintext length, or freshness (replaying an old
 * blob with its own associated data opens it; the share version in the associated data is what
 * lets the caller refuse an old version).
 *
 * <p>Sealed blob layout (format 1):
 *
 * <pre>
 * offset  size  field
 * 0       1     format byte 0x01
 * 1       12    nonce, random per seal
 * 13      L     AES-256-GCM ciphertext of the L plaintext bytes
 * 13+L    16    GCM tag
 * </pre>
 *
 * The GCM associated data is the format byte followed by {@link ShareAad#encode()}, so the
 * format byte is authenticated too. Random 96-bit nonces are safe for far more seals per key
 * than a data key ever sees (KMS issues a fresh one for each DKG or refresh).
 */
public final class ShareSealer {
    public static final byte FORMAT_V1 = 0x01;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** Format byte, nonce and tag: a sealed blob is this much longer than its plaintext. */
    public static final int OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;
    /** The largest blob {@link #open} reads; a DKLs23 share is far smaller. */
    public static final int MAX_SEALED_LENGTH = 4 * 1024 * 1024;

    private static final int HEADER_LENGTH = 1 + NONCE_LENGTH;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random;

    public ShareSealer(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public ShareSealer() {
        this(new SecureRandom());
    }

    /** Seals {@code plaintext} (still owned and closed by the caller) into a new blob. */
    public byte[] seal(DataKey key, ShareAad aad, SecretBytes plaintext) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aad, "aad");
        byte[] in = Objects.requireNonNull(plaintext, "plaintext").bytes();
        if (in.length > MAX_SEALED_LENGTH - OVERHEAD) {
            throw new IllegalArgumentException("plaintext is " + in.length + " bytes, over the "
                    + (MAX_SEALED_LENGTH - OVERHEAD) + "-byte maximum");
        }
        byte[] blob = new byte[HEADER_LENGTH + in.length + TAG_LENGTH];
        blob[0] = FORMAT_V1;
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, blob, 1, NONCE_LENGTH);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKeySpec(), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(associatedData(FORMAT_V1, aad));
            cipher.doFinal(in, 0, in.length, blob, HEADER_LENGTH);
            return blob;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot seal with " + TRANSFORMATION, e);
        }
    }

    /**
     * Opens {@code blob} sealed under {@code key} and {@code aad}; the caller owns and closes the
     * result.
     */
    public SecretBytes open(DataKey key, ShareAad aad, byte[] blob) throws ShareOpenException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(blob, "blob");
        if (blob.length < OVERHEAD) {
            throw ShareOpenException.truncated(blob.length, OVERHEAD);
        }
        if (blob.length > MAX_SEALED_LENGTH) {
            throw ShareOpenException.tooLarge(blob.length, MAX_SEALED_LENGTH);
        }
        if (blob[0] != FORMAT_V1) {
            throw ShareOpenException.unknownFormat(blob[0]);
        }
        byte[] plaintext = new byte[blob.length - OVERHEAD];
        boolean opened = false;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.secretKeySpec(),
                    new GCMParameterSpec(TAG_LENGTH * 8, blob, 1, NONCE_LENGTH));
            cipher.updateAAD(associatedData(FORMAT_V1, aad));
            int written = cipher.doFinal(blob, HEADER_LENGTH, blob.length - HEADER_LENGTH, plaintext, 0);
            if (written != plaintext.length) {
                throw new IllegalStateException("AES-GCM returned " + written + " bytes, expected "
                        + plaintext.length);
            }
            opened = true;
            return new SecretBytes(plaintext);
        } catch (AEADBadTagException e) {
            throw ShareOpenException.notAuthentic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot open with " + TRANSFORMATION, e);
        } finally {
            if (!opened) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** The GCM associated data: the format byte, then the canonical {@link ShareAad} encoding. */
    static byte[] associatedData(byte format, ShareAad aad) {
        byte[] encoded = aad.encode();
        byte[] out = new byte[1 + encoded.length];
        out[0] = format;
        System.arraycopy(encoded, 0, out, 1, encoded.length);
        return out;
    }
}

package io.custody.enclave.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256-GCM key for one direction (sender to recipient) of one pair in one session:
 *
 * <pre>
 *   key = HKDF-SHA256(IKM  = X25519(sender, recipient)            32 bytes
 *                     salt = sessionId
 *                     info = "custody/peer-channel/v1"             23 bytes ASCII
 *                            || u8 sender || u8 recipient,         25 bytes in all
 *                     L    = 32)
 * </pre>
 *
 * <p>Both ends compute the same shared secret, and the ordered pair in {@code info} gives each
 * direction its own key. The key bytes never leave this class except inside a short-lived
 * {@link SecretKey} handed to a {@code Cipher}; {@link #destroy()} zeroes them. No {@code
 * toString} reveals them. (Copies the JCE makes internally are beyond our reach.)
 */
final class DirectionKey {

    static final byte[] INFO_PREFIX = "custody/peer-channel/v1".getBytes(StandardCharsets.US_ASCII);
    static final int KEY_BYTES = 32;

    private final byte[] key;
    private boolean destroyed;

    private DirectionKey(byte[] key) {
        this.key = key;
    }

    /** Derives the key for {@code sender -> recipient}; does not retain {@code sharedSecret}. */
    static DirectionKey derive(byte[] sharedSecret, byte[] sessionId, int sender, int recipient) {
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            HKDFParameterSpec spec = HKDFParameterSpec.ofExtract()
                    .addIKM(sharedSecret)
                    .addSalt(sessionId)
                    .thenExpand(info(sender, recipient), KEY_BYTES);
            return new DirectionKey(hkdf.deriveData(spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        }
    }

    static byte[] info(int sender, int recipient) {
        byte[] info = Arrays.copyOf(INFO_PREFIX, INFO_PREFIX.length + 2);
        info[INFO_PREFIX.length] = (byte) PeerKeys.requirePartyIndex(sender, "sender");
        info[INFO_PREFIX.length + 1] = (byte) PeerKeys.requirePartyIndex(recipient, "recipient");
        return info;
    }

    /** A fresh AES key object for one cipher operation. */
    synchronized SecretKey aesKey() {
        if (destroyed) {
            throw new IllegalStateException("channel closed");
        }
        return new SecretKeySpec(key, "AES");
    }

    /** Constant-time comparison, for tests that show two directions differ. */
    synchronized boolean sameKeyAs(DirectionKey other) {
        return MessageDigest.isEqual(key, other.key);
    }

    synchronized void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "DirectionKey[hidden]";
    }
}

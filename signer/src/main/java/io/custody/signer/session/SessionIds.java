package io.custody.signer.session;

import io.custody.proto.enclave.v1.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The session id every enclave derives from its {@code SessionStart} (enclave-runtime README,
 * "Sessions"): SHA-256 over the ASCII tag {@code custody/session-id/v1}, u8 protocol, u32-length
 * wallet id, u8 t, u8 n, u8 party count, one u8 per party (ascending), u32-length request id.
 * The parent needs it only to route round messages; the enclave refuses any other claimed id.
 */
public final class SessionIds {
    private static final byte[] DOMAIN = "custody/session-id/v1".getBytes(StandardCharsets.US_ASCII);

    private SessionIds() {}

    public static byte[] derive(Protocol protocol, String walletId, int threshold, int shareCount, int[] parties,
                                String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        out.write(protocol.getNumber());
        writeText(out, walletId);
        out.write(threshold);
        out.write(shareCount);
        out.write(parties.length);
        for (int party : parties) {
            out.write(party);
        }
        writeText(out, requestId);
        try {
            return MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}

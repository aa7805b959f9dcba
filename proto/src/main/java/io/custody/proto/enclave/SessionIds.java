package io.custody.proto.enclave;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MPC session id, part of the enclave contract: SHA-256 over the ASCII tag
 * {@code custody/session-id/v1}, u8 protocol code, u32-BE-length UTF-8 wallet id, u8 threshold,
 * u8 share count, u8 party count and one u8 per party (ascending), u32-BE-length UTF-8 request id.
 * The enclave derives it from every {@code SessionStart} and refuses any other claimed id; the
 * parent computes the same value only to route round messages.
 */
public final class SessionIds {
    private static final byte[] DOMAIN = "custody/session-id/v1".getBytes(StandardCharsets.US_ASCII);

    private SessionIds() {}

    /** @param protocolCode the custody.enclave.v1.Protocol number */
    public static byte[] derive(int protocolCode, String walletId, int threshold, int shareCount, int[] parties,
                                String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        out.write(protocolCode);
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
            throw new IllegalStateException("SHA-256 unavailable", e);
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

package io.custody.control.audit;

import com.google.protobuf.CodedOutputStream;
import io.custody.proto.admin.v1.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The chain hash of custody/admin/v1/audit.proto:
 * {@code SHA-256("custody-audit-event-v1" || 0x00 || deterministic encoding of the event with hash cleared)}.
 */
public final class AuditHashes {

    public static final String DOMAIN = "custody-audit-event-v1";
    /** previous_hash of event 1. */
    public static final byte[] GENESIS = new byte[32];

    private AuditHashes() {}

    public static byte[] hash(AuditEvent event) {
        AuditEvent unhashed = event.toBuilder().clearHash().build();
        byte[] body = new byte[unhashed.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(body);
        stream.useDeterministicSerialization();
        try {
            unhashed.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stream.checkNoSpaceLeft();
        MessageDigest sha = sha256();
        sha.update((DOMAIN + '\0').getBytes(StandardCharsets.US_ASCII));
        sha.update(body);
        return sha.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

package io.custody.proto.enclave;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A signer node's identity as its enclave attests it, part of the enclave contract. At boot,
 * before it serves anything, the enclave extends PCR {@value #INDEX} (the first user PCR of the
 * Nitro Secure Module, zero at launch) once with {@link #extension} of the node id it was started
 * with, and locks it; every attestation document it makes from then on carries {@link #value}.
 * Peers compare it with the node the roster names; KMS key policies require it
 * ({@code kms:RecipientAttestation:PCR16}) next to the node's own host role and encryption
 * context, so node 3's host and enclave can never obtain node 2's data key.
 *
 * <pre>
 * extension(id) = SHA-384(u32 len ‖ "custody/node-identity/v1" ‖ u32 len ‖ UTF-8 id)   (u32 big-endian)
 * value(id)     = SHA-384(48 zero bytes ‖ extension(id))   = what NSM ExtendPCR makes of a zero PCR
 * </pre>
 *
 * <p>One implementation for the enclave (NSM and dev attestor), its peers and the key policy
 * generator. Node ids are public; so are these values.
 */
public final class NodeIdentityPcr {
    /** The PCR that carries the node identity: the first one the NSM lets an enclave extend. */
    public static final int INDEX = 16;
    /** SHA-384. */
    public static final int BYTES = 48;

    private static final byte[] DOMAIN = "custody/node-identity/v1".getBytes(StandardCharsets.US_ASCII);
    /** The signer's node id rule: one NATS subject token, which is also its NATS user name. */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private NodeIdentityPcr() {}

    /** Returns {@code nodeId} if it is a valid node id (1..64 of {@code A-Z a-z 0-9 _ -}). */
    public static String requireNodeId(String nodeId) {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("a node id is 1..64 characters of A-Z, a-z, 0-9, '_' and '-', got "
                    + (nodeId == null ? "none" : "'" + nodeId + "'"));
        }
        return nodeId;
    }

    /** The 48 bytes the enclave extends PCR16 with. */
    public static byte[] extension(String nodeId) {
        byte[] id = requireNodeId(nodeId).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeFramed(out, DOMAIN);
        writeFramed(out, id);
        return sha384(out.toByteArray());
    }

    /** PCR16 of an enclave of {@code nodeId}: a zero PCR extended once with {@link #extension}. */
    public static byte[] value(String nodeId) {
        return extend(new byte[BYTES], extension(nodeId));
    }

    /** {@link #value} as lower-case hex, the form KMS condition keys compare. */
    public static String valueHex(String nodeId) {
        return HexFormat.of().formatHex(value(nodeId));
    }

    /** Whether an attested PCR16 is {@code nodeId}'s; compares in constant time. */
    public static boolean attests(byte[] pcr16, String nodeId) {
        return pcr16 != null && MessageDigest.isEqual(pcr16, value(nodeId));
    }

    /** What the NSM computes for ExtendPCR: SHA-384(current ‖ data). */
    public static byte[] extend(byte[] current, byte[] data) {
        if (current.length != BYTES) {
            throw new IllegalArgumentException("a PCR has " + BYTES + " bytes, got " + current.length);
        }
        MessageDigest digest = newSha384();
        digest.update(current);
        digest.update(data);
        return digest.digest();
    }

    private static void writeFramed(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] sha384(byte[] bytes) {
        return newSha384().digest(bytes);
    }

    private static MessageDigest newSha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 unavailable", e);
        }
    }
}

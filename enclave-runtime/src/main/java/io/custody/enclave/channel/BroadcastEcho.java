package io.custody.enclave.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Echo broadcast: catches a relay that shows different broadcasts to different parties. After a
 * phase, each party digests every broadcast of that phase it accepted (its own included) and puts
 * the digest in the {@code echoDigest} of each message it sends in the next phase; each receiver
 * compares the authenticated echo with its own digest and aborts on a difference.
 *
 * <p>The digest is SHA-256 over (all integers big-endian, lengths u32):
 *
 * <pre>
 *   u32 28  "custody/peer-channel/v1/echo"
 *   u32 n   sessionId (n bytes)
 *   u32     protocol
 *   u32     phase
 *   u32 k   number of broadcasts (= number of parties)
 *   then k entries in ascending sender order, each:
 *     u32 108  entry length
 *     u32      sender
 *     u32 32   SHA-256(payload)
 *     u32 64   Ed25519 signature
 * </pre>
 *
 * <p>Sorting makes the digest independent of arrival order; requiring exactly one broadcast per
 * party makes it cover everyone. The signature binds the remaining fields (sequence, echo digest)
 * that the payload hash does not, so only verified broadcasts (and this party's own, as signed)
 * may be digested.
 */
public final class BroadcastEcho {

    static final byte[] TAG = "custody/peer-channel/v1/echo".getBytes(StandardCharsets.US_ASCII);

    private BroadcastEcho() {}

    /**
     * @param broadcasts one broadcast of every party in {@code parties}, all of one session,
     *     protocol and phase, in any order
     * @param parties every party of the session, this one included
     * @return the 32-byte echo digest
     * @throws IllegalArgumentException if the set is incomplete, mixed or has duplicates
     */
    public static byte[] digest(Collection<Envelope> broadcasts, Set<Integer> parties) {
        Objects.requireNonNull(broadcasts, "broadcasts");
        Objects.requireNonNull(parties, "parties");
        if (broadcasts.isEmpty() || broadcasts.size() != parties.size()) {
            throw new IllegalArgumentException("need exactly one broadcast per party: " + broadcasts.size()
                    + " broadcasts for " + parties.size() + " parties");
        }
        List<Envelope> sorted = broadcasts.stream().sorted(Comparator.comparingInt(Envelope::sender)).toList();
        Envelope first = sorted.getFirst();
        CanonicalBytes out = new CanonicalBytes()
                .bytes(TAG)
                .bytes(first.sessionId())
                .u32(first.protocol())
                .u32(first.phase())
                .u32(sorted.size());
        int previousSender = 0;
        for (Envelope e : sorted) {
            if (!e.isBroadcast() || e.signature().length != Envelope.SIGNATURE_BYTES) {
                throw new IllegalArgumentException("not a signed broadcast: " + e);
            }
            if (!Arrays.equals(first.sessionId(), e.sessionId()) || first.protocol() != e.protocol()
                    || first.phase() != e.phase()) {
                throw new IllegalArgumentException("broadcasts of different sessions or phases: " + e);
            }
            if (e.sender() == previousSender || !parties.contains(e.sender())) {
                throw new IllegalArgumentException("duplicate or unexpected sender " + e.sender());
            }
            previousSender = e.sender();
            byte[] payloadHash = sha256(e.payload());
            out.u32(Integer.BYTES + Integer.BYTES + payloadHash.length + Integer.BYTES + Envelope.SIGNATURE_BYTES)
                    .u32(e.sender())
                    .bytes(payloadHash)
                    .bytes(e.signature());
        }
        return sha256(out.toByteArray());
    }

    /**
     * Compares the digest a peer echoed for {@code echoedPhase} with the local one.
     *
     * @param peer the party that reported {@code reported}, taken from an authenticated envelope
     * @throws EquivocationException naming {@code peer} if the digests differ (an empty echo differs)
     */
    public static void check(int peer, int echoedPhase, byte[] local, byte[] reported) throws EquivocationException {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(reported, "reported");
        if (local.length != Envelope.ECHO_DIGEST_BYTES) {
            throw new IllegalArgumentException("local echo digest must be " + Envelope.ECHO_DIGEST_BYTES + " bytes");
        }
        if (!MessageDigest.isEqual(local, reported)) {
            throw new EquivocationException(peer, echoedPhase);
        }
    }

    /**
     * {@link #check(int, int, byte[], byte[])} on the echo carried by an envelope that has
     * already passed {@link SessionChannel#openDirect} or {@link SessionChannel#verifyBroadcast}.
     */
    public static void check(Envelope authenticated, int echoedPhase, byte[] local) throws EquivocationException {
        check(authenticated.sender(), echoedPhase, local, authenticated.echoDigest());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

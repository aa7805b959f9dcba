package io.custody.enclave.mpc;

import io.custody.proto.enclave.SessionIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a session is about. Its {@link #sessionId()} is derived from every field with domain
 * separation, so two sessions that differ in protocol, wallet, party set, threshold or request
 * can never share an id, and an id names exactly one of them.
 *
 * @param parties the session's party indices, ascending, self included: all n for DKG and
 *                refresh, exactly t for signing
 */
public record SessionParameters(Protocol protocol, String walletId, int threshold, int shareCount, int self,
                                int[] parties, String requestId) {
    public static final int MAX_PARTIES = 255;

    public SessionParameters {
        Objects.requireNonNull(protocol, "protocol");
        requireText(walletId, "wallet id", 128);
        requireText(requestId, "request id", 128);
        if (shareCount < 2 || shareCount > MAX_PARTIES) {
            throw new IllegalArgumentException("share count must be in 2.." + MAX_PARTIES + ", was " + shareCount);
        }
        if (threshold < 2 || threshold > shareCount) {
            throw new IllegalArgumentException("threshold must be in 2.." + shareCount + ", was " + threshold);
        }
        parties = Objects.requireNonNull(parties, "parties").clone();
        for (int k = 0; k < parties.length; k++) {
            if (parties[k] < 1 || parties[k] > shareCount || (k > 0 && parties[k] <= parties[k - 1])) {
                throw new IllegalArgumentException("parties must be ascending, distinct, in 1.." + shareCount);
            }
        }
        int expected = protocol == Protocol.SIGN ? threshold : shareCount;
        if (parties.length != expected) {
            throw new IllegalArgumentException(protocol + " needs " + expected + " parties, got " + parties.length);
        }
        if (Arrays.binarySearch(parties, self) < 0) {
            throw new IllegalArgumentException("self (" + self + ") is not one of the session's parties");
        }
    }

    @Override
    public int[] parties() {
        return parties.clone();
    }

    public boolean isParty(int index) {
        return Arrays.binarySearch(parties, index) >= 0;
    }

    /** The other parties, ascending. */
    public int[] others() {
        return Arrays.stream(parties).filter(p -> p != self).toArray();
    }

    /** The session id of {@link io.custody.proto.enclave.SessionIds}; {@code self} is not part of it. */
    public byte[] sessionId() {
        return SessionIds.derive(protocol.code(), walletId, threshold, shareCount, parties, requestId);
    }

    private static void requireText(String value, String name, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + " characters");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionParameters p && p.protocol == protocol && p.walletId.equals(walletId)
                && p.threshold == threshold && p.shareCount == shareCount && p.self == self
                && Arrays.equals(p.parties, parties) && p.requestId.equals(requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, walletId, threshold, shareCount, self, Arrays.hashCode(parties), requestId);
    }

    @Override
    public String toString() {
        return protocol + " " + threshold + "-of-" + shareCount + " wallet " + walletId + " parties "
                + Arrays.toString(parties) + " as " + self + " for request " + requestId;
    }
}

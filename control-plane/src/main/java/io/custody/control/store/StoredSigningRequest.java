package io.custody.control.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A signing request as stored: what the client sent (method, request bytes exactly as received,
 * the digest computed from them) and where it is. RECEIVED → QUEUED → SIGNING → SIGNED | FAILED;
 * SIGNED and FAILED are final (the store's trigger refuses any other move).
 */
public record StoredSigningRequest(String requestId, long ordinal, String walletId, String clientId,
        String clientKeyId, String idempotencyKey, String method, byte[] requestBytes, byte[] digest, State state,
        boolean jobPublished, Optional<Signed> signed, Optional<Failure> failure, Instant deadline,
        Instant createTime, Instant updateTime) {

    public enum State {
        RECEIVED, QUEUED, SIGNING, SIGNED, FAILED;

        public String storeName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean terminal() {
            return this == SIGNED || this == FAILED;
        }
    }

    /** Why a request FAILED (custody.v1.SigningFailureReason). */
    public enum FailureReason {
        NO_QUORUM, ABORTED, CHEATING_PARTY, TIMEOUT, UNAUTHORIZED, INTERNAL;

        public String storeName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a SIGNED request produced; the transaction fields are empty except for Ethereum transactions. */
    public record Signed(byte[] r, byte[] s, int recoveryId, byte[] signedTransaction, byte[] transactionHash,
            List<String> quorumNodeIds) {
        public Signed {
            quorumNodeIds = List.copyOf(quorumNodeIds);
        }
    }

    public record Failure(FailureReason reason, String message, String correlationId) {}
}

package io.custody.control.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A DKG (CREATE) or refresh (REFRESH) operation: KEYGEN (all n nodes make the new shares) →
 * ACTIVATE (they agreed; all n switch to the new version) → DONE, or FAILED from either stage.
 *
 * @param shareVersion the version the operation makes (1 for a DKG)
 * @param publicKey the key all n agreed on, from ACTIVATE on
 */
public record StoredOperation(String operationId, Kind kind, String walletId, Stage stage, int shareVersion,
        byte[] publicKey, byte[] chainCode, Optional<Error> error, boolean jobPublished, Instant deadline,
        Instant createTime, Instant updateTime) {

    public enum Kind {
        CREATE, REFRESH;

        public String storeName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Stage {
        KEYGEN, ACTIVATE, DONE, FAILED;

        public String storeName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean terminal() {
            return this == DONE || this == FAILED;
        }
    }

    /** Why it failed: a google.rpc.Code number, a message without secrets, a correlation id for ours. */
    public record Error(int code, String message, String correlationId) {}

    public boolean done() {
        return stage.terminal();
    }
}

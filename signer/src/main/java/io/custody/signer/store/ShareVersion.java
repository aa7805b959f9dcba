package io.custody.signer.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored share with its life cycle: one entry of {@link ShareStore#history(String)}. The
 * timestamps come from the database (the trigger stamps them), never from the caller.
 */
public record ShareVersion(
        StoredShare share, ShareState state, Instant createdAt, Instant activatedAt, Instant retiredAt) {

    public ShareVersion {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        boolean consistent = switch (state) {
            case PENDING -> activatedAt == null && retiredAt == null;
            case ACTIVE -> activatedAt != null && retiredAt == null;
            case RETIRED -> retiredAt != null;
        };
        if (!consistent) {
            throw new IllegalArgumentException("timestamps do not match state " + state);
        }
    }

    public int version() {
        return share.version();
    }

    public Optional<Instant> activated() {
        return Optional.ofNullable(activatedAt);
    }

    public Optional<Instant> retired() {
        return Optional.ofNullable(retiredAt);
    }
}

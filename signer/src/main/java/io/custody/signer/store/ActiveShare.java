package io.custody.signer.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One of this node's active shares with the roster it was made for; the roster is empty only
 * for a row written before the roster columns existed (such a share cannot be reopened for
 * signing).
 */
public record ActiveShare(StoredShare share, Optional<ShareRoster> roster) {
    public ActiveShare {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(roster, "roster");
    }
}

package io.custody.control.anchor;

import java.util.Optional;

/**
 * How a chain compared with the anchors: how many anchors fell in the range checked, the newest
 * anchored sequence read, and the first anchored sequence the chain disagrees with (with why).
 */
public record AnchorCheck(int checked, long lastAnchoredSequence, Optional<Long> firstDisagreeing, String failure) {

    public static final AnchorCheck NOT_CONFIGURED = new AnchorCheck(0, 0, Optional.empty(), "");

    public boolean agrees() {
        return firstDisagreeing.isEmpty() && failure.isEmpty();
    }
}

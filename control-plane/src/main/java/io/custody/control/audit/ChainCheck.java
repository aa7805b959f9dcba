package io.custody.control.audit;

import java.util.Optional;

/**
 * The outcome of recomputing the chain over {@code [from, to]}: valid, or the first event whose
 * hash or link is wrong (or where a gap begins) and what is wrong there.
 */
public record ChainCheck(long from, long to, byte[] headHash, Optional<Long> firstInvalid, String failure) {

    public boolean valid() {
        return firstInvalid.isEmpty();
    }
}

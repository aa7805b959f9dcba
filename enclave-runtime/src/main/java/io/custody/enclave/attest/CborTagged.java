package io.custody.enclave.attest;

import java.util.Objects;

/** A CBOR tagged item (major type 6), e.g. tag 18 around a {@code COSE_Sign1}. */
record CborTagged(long tag, Object item) {
    CborTagged {
        if (tag < 0) {
            throw new IllegalArgumentException("CBOR tags are unsigned");
        }
        Objects.requireNonNull(item, "item");
    }
}

package io.custody.control.audit;

import java.util.HexFormat;

/** The newest event of the chain: its sequence (0 for an empty log) and hash (32 zero bytes then). */
public record ChainHead(long sequence, byte[] hash) {

    public ChainHead {
        if (sequence < 0 || hash == null || hash.length != 32) {
            throw new IllegalArgumentException("a chain head is a sequence >= 0 and a 32-byte hash");
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainHead h && h.sequence == sequence && java.util.Arrays.equals(h.hash, hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + java.util.Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ChainHead[" + sequence + " " + HexFormat.of().formatHex(hash) + "]";
    }
}

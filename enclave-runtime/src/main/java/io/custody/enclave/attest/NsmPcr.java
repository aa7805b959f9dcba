package io.custody.enclave.attest;

import java.util.HexFormat;

/** One PCR as the NSM describes it: its value and whether it is locked (read-only until the enclave ends). */
record NsmPcr(boolean locked, byte[] value) {
    NsmPcr {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    boolean isZero() {
        for (byte b : value) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "NsmPcr[" + (locked ? "locked " : "") + HexFormat.of().formatHex(value) + "]";
    }
}

package io.custody.enclave.mpc;

/** The DKLs23 protocols an enclave runs; the code is bound into every session id. */
public enum Protocol {
    DKG(1),
    SIGN(2),
    REFRESH(3);

    private final int code;

    Protocol(int code) {
        this.code = code;
    }

    /** The stable wire code (custody.enclave.v1.Protocol). */
    public int code() {
        return code;
    }
}

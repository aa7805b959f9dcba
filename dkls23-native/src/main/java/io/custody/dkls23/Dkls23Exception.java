package io.custody.dkls23;

/**
 * A failure reported by the DKLs23 shim. One subtype per stable native error code, plus
 * {@link SessionClosedException} for use after close. Messages never contain secret material.
 */
public abstract sealed class Dkls23Exception extends RuntimeException
        permits InvalidArgumentException, PhaseOrderException, MalformedMessageException,
                UnexpectedMessageException, ProtocolAbortException, CheatingPartyException,
                InvalidShareException, DerivationException, NativePanicException, SessionClosedException {

    private final int code;

    protected Dkls23Exception(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The stable native error code (see custody_dkls23.h); 0 for errors raised in Java. */
    public int code() {
        return code;
    }
}

package io.custody.dkls23;

/**
 * Upstream's {@code BanCounterparty} abort (code 6): the counterparty cheated in a way that leaks
 * information about the reused OT correlations. This party and {@link #culprit()} must never sign
 * together again until a complete refresh has rebuilt their multiplication setup.
 */
public final class CheatingPartyException extends Dkls23Exception {
    private final int culprit;

    public CheatingPartyException(String message, int culprit) {
        super(6, message);
        this.culprit = culprit;
    }

    public int culprit() {
        return culprit;
    }
}

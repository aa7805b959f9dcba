package io.custody.dkls23;

import java.util.OptionalInt;

/**
 * The protocol aborted (code 5), e.g. a failed proof or commitment, or a final signature that does
 * not verify. Benign for ban purposes; {@link #culprit()} names a party when upstream does.
 */
public final class ProtocolAbortException extends Dkls23Exception {
    private final int culprit;

    public ProtocolAbortException(String message, int culprit) {
        super(5, message);
        this.culprit = culprit;
    }

    public OptionalInt culprit() {
        return culprit == 0 ? OptionalInt.empty() : OptionalInt.of(culprit);
    }
}

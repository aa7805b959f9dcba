package io.custody.dkls23;

/** A phase called out of order, or on a session that already finished or failed (code 2). */
public final class PhaseOrderException extends Dkls23Exception {
    public PhaseOrderException(String message) {
        super(2, message);
    }
}

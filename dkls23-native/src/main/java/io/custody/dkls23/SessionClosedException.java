package io.custody.dkls23;

/** A session or key share used after {@code close()}. */
public final class SessionClosedException extends Dkls23Exception {
    public SessionClosedException(String message) {
        super(0, message);
    }
}

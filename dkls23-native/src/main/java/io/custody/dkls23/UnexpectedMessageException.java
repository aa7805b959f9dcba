package io.custody.dkls23;

/** A message from outside the session, a duplicate, a missing one, or one with the wrong recipient or kind (code 4). */
public final class UnexpectedMessageException extends Dkls23Exception {
    public UnexpectedMessageException(String message) {
        super(4, message);
    }
}

package io.custody.dkls23;

/** An inbound message or message list that does not decode: truncated, corrupted or empty (code 3). */
public final class MalformedMessageException extends Dkls23Exception {
    public MalformedMessageException(String message) {
        super(3, message);
    }
}

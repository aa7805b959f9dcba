package io.custody.dkls23;

/** A serialized key share that does not decode or is inconsistent (code 7). */
public final class InvalidShareException extends Dkls23Exception {
    public InvalidShareException(String message) {
        super(7, message);
    }
}

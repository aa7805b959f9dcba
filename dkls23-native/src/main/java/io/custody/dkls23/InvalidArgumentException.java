package io.custody.dkls23;

/** Bad parameters: a null, a t/n/index out of range, a wrong length (code 1). */
public final class InvalidArgumentException extends Dkls23Exception {
    public InvalidArgumentException(String message) {
        super(1, message);
    }
}

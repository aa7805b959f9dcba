package io.custody.dkls23;

/** A panic inside the native library, caught at the boundary; the session involved is closed (code 9). */
public final class NativePanicException extends Dkls23Exception {
    public NativePanicException(String message) {
        super(9, message);
    }
}

package io.custody.dkls23;

/** BIP-32 child derivation failed (code 8). */
public final class DerivationException extends Dkls23Exception {
    public DerivationException(String message) {
        super(8, message);
    }
}

package io.custody.enclave.mpc;

import io.custody.dkls23.KeyShare;
import io.custody.dkls23.Signature;

/** What a finished session produced. */
public sealed interface Outcome {
    /** DKG or refresh: this party's new share. The receiver owns it and must close it. */
    record NewShare(KeyShare share) implements Outcome {}

    /** Signing: the signature, already verified by the crate against the group key. */
    record Signed(Signature signature) implements Outcome {}
}

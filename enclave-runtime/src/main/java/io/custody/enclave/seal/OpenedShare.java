package io.custody.enclave.seal;

import io.custody.dkls23.KeyShare;
import io.custody.enclave.authz.Governance;
import java.util.Objects;

/**
 * A key share opened in this enclave together with the governance it was sealed with, so a
 * signing session checks the client's request against exactly what the DKG bound. Owns the
 * share: {@link #close()} zeroes it.
 */
public final class OpenedShare implements AutoCloseable {
    private final KeyShare share;
    private final Governance governance;

    public OpenedShare(KeyShare share, Governance governance) {
        this.share = Objects.requireNonNull(share, "share");
        this.governance = Objects.requireNonNull(governance, "governance");
    }

    /** The native share; borrowed, never closed by the caller. */
    public KeyShare share() {
        return share;
    }

    public Governance governance() {
        return governance;
    }

    public boolean isOpen() {
        return share.isOpen();
    }

    @Override
    public void close() {
        share.close();
    }

    @Override
    public String toString() {
        return "OpenedShare[" + share + ", " + governance + "]";
    }
}

package io.custody.enclave.channel;

import java.io.Serial;

/**
 * A peer's echo of a phase's broadcasts differs from what this party saw: some party received a
 * different broadcast set. Either the relay showed different broadcasts to different parties or a
 * sender signed two versions; in both cases the session must abort. The echo itself was
 * authenticated before the comparison, so {@link #peer()} really did report a different view.
 */
public final class EquivocationException extends ChannelException {

    @Serial private static final long serialVersionUID = 1L;

    private final int phase;

    EquivocationException(int peer, int phase) {
        super(peer, "party " + peer + " saw a different set of phase-" + phase
                + " broadcasts than this party: the relay or a sender equivocated");
        this.phase = phase;
    }

    /** The party whose echoed digest differs from the local one. */
    public int peer() {
        return claimedSender();
    }

    /** The phase whose broadcasts were echoed. */
    public int phase() {
        return phase;
    }
}

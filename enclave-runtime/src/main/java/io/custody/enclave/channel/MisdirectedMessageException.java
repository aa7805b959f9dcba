package io.custody.enclave.channel;

import java.io.Serial;

/**
 * The envelope is addressed to someone else: a direct message for another party, a broadcast
 * handed to the direct path, or a direct message handed to the broadcast path.
 */
public final class MisdirectedMessageException extends ChannelException {

    @Serial private static final long serialVersionUID = 1L;

    private final int recipient;

    MisdirectedMessageException(int claimedSender, int recipient, String expected) {
        super(claimedSender, "envelope claiming sender " + claimedSender + " is addressed to "
                + recipient + ", expected " + expected + " (the relay may have misrouted it)");
        this.recipient = recipient;
    }

    /** The recipient written in the envelope (0 = broadcast). */
    public int recipient() {
        return recipient;
    }
}

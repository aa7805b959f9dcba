package io.custody.enclave.channel;

import java.io.Serial;

/** The envelope claims a sender that is not a peer of this session (this party included). */
public final class UnknownPeerException extends ChannelException {

    @Serial private static final long serialVersionUID = 1L;

    UnknownPeerException(int claimedSender) {
        super(claimedSender, "envelope claims sender " + claimedSender
                + ", which is not a peer of this session");
    }
}

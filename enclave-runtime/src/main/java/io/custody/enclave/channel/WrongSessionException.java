package io.custody.enclave.channel;

import java.io.Serial;

/** The envelope names another session id or protocol than this channel's. */
public final class WrongSessionException extends ChannelException {

    @Serial private static final long serialVersionUID = 1L;

    WrongSessionException(int claimedSender) {
        super(claimedSender, "envelope claiming sender " + claimedSender
                + " belongs to another session or protocol (replayed or misrouted by the relay)");
    }
}

package io.custody.enclave.channel;

import java.io.Serial;

/**
 * An inbound peer envelope was refused. Every subtype names the party the envelope claims to come
 * from; none of them proves that party misbehaved, because the parent relays every byte and could
 * have forged or altered the envelope itself. Messages never contain key material or payloads.
 */
public abstract sealed class ChannelException extends Exception
        permits WrongSessionException,
                UnknownPeerException,
                MisdirectedMessageException,
                AuthenticationFailedException,
                EquivocationException {

    @Serial private static final long serialVersionUID = 1L;

    private final int claimedSender;

    ChannelException(int claimedSender, String message) {
        super(message);
        this.claimedSender = claimedSender;
    }

    ChannelException(int claimedSender, String message, Throwable cause) {
        super(message, cause);
        this.claimedSender = claimedSender;
    }

    /** The sender index written in the envelope; unauthenticated unless the subtype says so. */
    public int claimedSender() {
        return claimedSender;
    }
}

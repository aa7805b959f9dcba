package io.custody.enclave.channel;

import java.io.Serial;

/**
 * The envelope failed its cryptographic check: the AES-GCM tag of a direct message or the Ed25519
 * signature of a broadcast does not match its fields, or it is malformed (payload too short, a
 * stray signature on a direct message). The relay may have altered it, so this names the claimed
 * sender without blaming it.
 */
public final class AuthenticationFailedException extends ChannelException {

    @Serial private static final long serialVersionUID = 1L;

    private final int phase;

    AuthenticationFailedException(int claimedSender, int phase, String what) {
        this(claimedSender, phase, what, null);
    }

    AuthenticationFailedException(int claimedSender, int phase, String what, Throwable cause) {
        super(claimedSender, what + " in phase " + phase + " claiming sender " + claimedSender
                + " failed authentication; the relay may have tampered with it, so this does not by"
                + " itself show that party " + claimedSender + " misbehaved", cause);
        this.phase = phase;
    }

    /** The phase written in the envelope (unauthenticated). */
    public int phase() {
        return phase;
    }
}

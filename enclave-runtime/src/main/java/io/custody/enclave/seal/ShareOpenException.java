package io.custody.enclave.seal;

import java.io.Serial;

/**
 * A sealed blob that does not open: too short, an unknown format byte, or an authentication
 * failure. The last covers a wrong data key, associated data naming another wallet, node, share
 * version or public key, and any altered byte alike; which one is deliberately not said.
 */
public final class ShareOpenException extends SealingException {

    @Serial private static final long serialVersionUID = 1L;

    private ShareOpenException(String message) {
        super(message);
    }

    static ShareOpenException truncated(int length, int minimum) {
        return new ShareOpenException("sealed share is " + length + " bytes, shorter than the "
                + minimum + "-byte minimum");
    }

    static ShareOpenException tooLarge(int length, int maximum) {
        return new ShareOpenException("sealed share is " + length + " bytes, over the " + maximum
                + "-byte maximum");
    }

    static ShareOpenException unknownFormat(byte format) {
        return new ShareOpenException(String.format("sealed share has unknown format byte 0x%02x", format));
    }

    static ShareOpenException notAuthentic() {
        return new ShareOpenException("sealed share does not authenticate under this data key and "
                + "associated data");
    }
}

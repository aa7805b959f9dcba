package io.custody.enclave.seal;

import java.io.Serial;

/**
 * A sealed share that authenticated but holds the wrong thing: bytes that are not a DKLs23 key
 * share, a share whose group public key or chain code differs from the one named in the
 * associated data, or governance bytes that do not read as a governance.
 * Only the sealing enclave can produce such a blob, so this means a bug or a compromised
 * sealer, never a tampering parent.
 */
public final class ShareContentException extends SealingException {

    @Serial private static final long serialVersionUID = 1L;

    private ShareContentException(String message) {
        super(message);
    }

    static ShareContentException notAKeyShare() {
        return new ShareContentException("sealed share opened but is not a valid DKLs23 key share");
    }

    static ShareContentException chainCodeMismatch() {
        return new ShareContentException("key share's chain code differs from the chain code in the associated data");
    }

    static ShareContentException unreadableGovernance(String reason) {
        return new ShareContentException("sealed share's governance is unreadable: " + reason);
    }

    static ShareContentException publicKeyMismatch() {
        return new ShareContentException("key share's group public key differs from the public key "
                + "in the associated data");
    }
}

package io.custody.signer.store;

import java.io.Serial;

/**
 * The requested move breaks the life cycle: activating a retired version or one not newer than
 * the active version, or changing anything but the state of a written row (SQLState
 * {@code KS001}/{@code KS002} from the {@code key_shares_guard} trigger).
 */
public final class ShareStateException extends ShareStoreException {

    @Serial private static final long serialVersionUID = 1L;

    ShareStateException(String message) {
        super(message);
    }

    ShareStateException(String message, Throwable cause) {
        super(message, cause);
    }
}

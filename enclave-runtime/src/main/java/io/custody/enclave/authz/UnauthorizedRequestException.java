package io.custody.enclave.authz;

import java.io.Serial;

/**
 * A signing request this enclave will not sign: no or a bad client signature, a key or
 * algorithm the wallet's governance does not name, another wallet, a payload that does not
 * validate or does not match the host's digest, a raw digest the governance forbids. Answered
 * with {@code ERROR_CODE_UNAUTHORIZED}; the enclave's state is unchanged. The message says which
 * rule failed and never contains secrets.
 */
public final class UnauthorizedRequestException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    public UnauthorizedRequestException(String message) {
        super(message);
    }
}

package io.custody.enclave.authz;

import java.io.Serial;

/**
 * A {@code custody.v1.WalletGovernance} the enclave will not bind a key to: no signing key, a
 * key whose id, algorithm or bytes disagree, a duplicate, unknown fields. At DKG the session is
 * refused as an invalid request, before any protocol work.
 */
public final class InvalidGovernanceException extends IllegalArgumentException {

    @Serial private static final long serialVersionUID = 1L;

    InvalidGovernanceException(String message) {
        super(message);
    }
}

package io.custody.enclave.seal;

import java.io.Serial;

/**
 * A share sealed for another node than the one this enclave was started as. Refused before its
 * data key is opened or its blob touched: an enclave seals and opens only its own node's shares,
 * whatever row or data key a host hands it. Node ids are public, so the message names both.
 */
public final class ForeignShareException extends SealingException {

    @Serial private static final long serialVersionUID = 1L;

    private ForeignShareException(String message) {
        super(message);
    }

    public static ForeignShareException of(String shareNode, String ownNode) {
        return new ForeignShareException("the share belongs to node '" + shareNode + "'; this enclave is node '"
                + ownNode + "' and opens only its own node's shares; nothing was opened");
    }
}

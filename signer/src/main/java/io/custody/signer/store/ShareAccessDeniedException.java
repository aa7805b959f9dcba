package io.custody.signer.store;

import java.io.Serial;

/**
 * The database refused the connection's role (SQLState {@code 42501}): a row for another node
 * (row-level security), a forbidden column or statement, or a role that is not a signer node.
 */
public final class ShareAccessDeniedException extends ShareStoreException {

    @Serial private static final long serialVersionUID = 1L;

    private final String sqlState;

    ShareAccessDeniedException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The SQLState the database answered with, or {@code null} if the refusal was ours. */
    public String sqlState() {
        return sqlState;
    }
}

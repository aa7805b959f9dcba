package io.custody.signer.store;

import org.jooq.exception.DataAccessException;

/** The one place where database errors become {@link ShareStoreException}s. */
final class StoreErrors {
    static final String UNIQUE_VIOLATION = "23505";
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String IMMUTABLE_SHARE = "KS001";
    static final String ILLEGAL_TRANSITION = "KS002";

    private StoreErrors() {}

    /** Maps a failure of {@code operation} (a short phrase naming wallet, node and version). */
    static ShareStoreException translate(String operation, DataAccessException e) {
        String state = e.sqlState();
        return switch (state) {
            case UNIQUE_VIOLATION -> new ShareVersionConflictException(
                    operation + ": that version already exists or is already active", e);
            case INSUFFICIENT_PRIVILEGE -> new ShareAccessDeniedException(
                    operation + ": refused by the database (SQLState 42501: row-level security or"
                            + " missing privilege)", state, e);
            case IMMUTABLE_SHARE, ILLEGAL_TRANSITION -> new ShareStateException(
                    operation + ": " + firstLine(e), e);
            default -> new ShareStoreFailureException(
                    operation + ": database error (SQLState " + state + ")", e);
        };
    }

    private static String firstLine(DataAccessException e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

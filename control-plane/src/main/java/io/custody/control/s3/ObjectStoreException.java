package io.custody.control.s3;

/** What can go wrong with a {@link LockedBucket}; messages name the bucket and key, never a credential. */
public abstract sealed class ObjectStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The bucket does not lock what is written to it as required: refuse to rely on it. */
    public static final class NotLocked extends ObjectStoreException {
        private static final long serialVersionUID = 1L;

        public NotLocked(String message) {
            super(message, null);
        }
    }

    /** S3 refused or failed a call (access denied, no such bucket, network, 5xx). */
    public static final class Failed extends ObjectStoreException {
        private static final long serialVersionUID = 1L;

        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package io.custody.control.nats;

import io.custody.proto.mpc.v1.Job;

/**
 * Puts a job into the JOBS stream. Returns only once JetStream acknowledged it (stored, or a
 * duplicate of {@code messageId} within the de-duplication window, which is the same thing).
 */
public interface JobPublisher {

    /** @throws JobPublishException if the job may not have been stored; the caller re-drives it later */
    void publish(String subject, String messageId, Job job);

    /** The publish was not acknowledged; the job may or may not be in the stream. */
    final class JobPublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public JobPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

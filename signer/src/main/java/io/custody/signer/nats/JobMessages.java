package io.custody.signer.nats;

import com.google.protobuf.InvalidProtocolBufferException;
import io.custody.proto.mpc.v1.Job;
import io.nats.client.Message;
import java.util.Optional;

/** Reading jobs off the JOBS stream. */
final class JobMessages {
    private JobMessages() {}

    /**
     * The job in {@code message}; a payload that is not a Job is terminated (never redelivered),
     * since no retry can make it readable.
     */
    static Optional<Job> parseOrTerminate(Message message) {
        try {
            return Optional.of(Job.parseFrom(message.getData()));
        } catch (InvalidProtocolBufferException e) {
            message.term();
            return Optional.empty();
        }
    }
}

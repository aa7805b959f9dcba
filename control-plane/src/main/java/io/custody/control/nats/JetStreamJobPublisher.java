package io.custody.control.nats;

import io.custody.proto.mpc.v1.Job;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import java.io.IOException;

/** Publishes with {@code Nats-Msg-Id}, synchronously, waiting for the PubAck. */
public final class JetStreamJobPublisher implements JobPublisher {

    private final JetStream jetStream;

    public JetStreamJobPublisher(JetStream jetStream) {
        this.jetStream = jetStream;
    }

    @Override
    public void publish(String subject, String messageId, Job job) {
        try {
            jetStream.publish(subject, job.toByteArray(), PublishOptions.builder().messageId(messageId).build());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw new JobPublishException("publishing " + messageId + " on " + subject + " failed: " + e.getMessage(), e);
        }
    }
}

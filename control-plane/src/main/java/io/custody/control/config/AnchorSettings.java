package io.custody.control.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and how often the audit chain head is anchored (io.custody.control.anchor).
 *
 * @param bucket an S3 bucket with Object Lock and a COMPLIANCE default retention
 * @param prefix the folder of anchor objects, ending in '/' (default {@code audit-anchors/})
 * @param endpoint an S3-compatible endpoint instead of AWS's (moto in development and tests)
 * @param interval how often the head is anchored when it moved (and always at shutdown)
 * @param minimumRetention the control plane refuses a bucket whose default retention is shorter
 * @param controlPlaneId written into each anchor, to tell replicas apart
 * @param credentials needs s3:PutObject on the prefix, and reads for VerifyAuditChain (see
 *     {@code AnchorAccessPolicy})
 */
public record AnchorSettings(String bucket, String prefix, Optional<URI> endpoint, String region, Duration interval,
        Duration minimumRetention, String controlPlaneId, AwsCredentialsProvider credentials) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    public AnchorSettings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the anchor bucket is required");
        }
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the anchor interval must be positive");
        }
        if (minimumRetention == null || minimumRetention.isNegative() || minimumRetention.isZero()) {
            throw new IllegalArgumentException("the minimum retention must be positive");
        }
        if (controlPlaneId == null || controlPlaneId.isBlank()) {
            throw new IllegalArgumentException("the control plane id is required");
        }
        Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public String toString() {
        return "AnchorSettings[s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse("") + ", every "
                + interval + ", retention >= " + minimumRetention.toDays() + " days, id " + controlPlaneId + "]";
    }
}

package io.custody.control.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.custody.control.config.AnchorSettings;
import io.custody.control.s3.S3Clients;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * S3 on a real {@link MotoServer}: an administrator's client that makes buckets (the operator's
 * job, not the control plane's), and anchor settings pointing at them. Tests that need it are
 * skipped, loudly, when moto_server is not installed (bash .ci/run installs it).
 */
public final class MotoS3 implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private final MotoServer moto;
    private final S3Client admin;

    private MotoS3(MotoServer moto) {
        this.moto = moto;
        this.admin = S3Clients.create(Optional.of(moto.endpoint()), REGION, CREDENTIALS);
    }

    /** Starts moto, or skips the calling test class with a message when moto_server is missing. */
    public static MotoS3 startOrSkip() throws Exception {
        if (!MotoServer.available()) {
            System.err.println("SKIPPED: moto_server is not on the PATH, so the S3 anchor tests do not run"
                    + " (pip install 'moto[server]'; bash .ci/run installs it)");
        }
        assumeTrue(MotoServer.available(), "moto_server is not on the PATH: S3 anchor tests skipped");
        return new MotoS3(MotoServer.start());
    }

    public S3Client admin() {
        return admin;
    }

    /** A new bucket with versioning and Object Lock, default retention {@code mode} for {@code days}. */
    public String lockedBucket(ObjectLockRetentionMode mode, int days) {
        String name = "anchors-" + UUID.randomUUID();
        admin.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
        admin.putObjectLockConfiguration(b -> b.bucket(name).objectLockConfiguration(c -> c
                .objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(mode).days(days)))));
        return name;
    }

    /** A new bucket without Object Lock. */
    public String plainBucket() {
        String name = "plain-" + UUID.randomUUID();
        admin.createBucket(b -> b.bucket(name));
        return name;
    }

    /** Anchor settings for {@code bucket} on this moto, anchoring every {@code interval}. */
    public AnchorSettings anchorSettings(String bucket, Duration interval) {
        return new AnchorSettings(bucket, "audit-anchors/", Optional.of(moto.endpoint()), REGION, interval,
                Duration.ofDays(1), "cp-test", CREDENTIALS);
    }

    public S3Client client() {
        return S3Clients.create(Optional.of(moto.endpoint()), REGION, CREDENTIALS);
    }

    @Override
    public void close() throws Exception {
        admin.close();
        moto.close();
    }
}

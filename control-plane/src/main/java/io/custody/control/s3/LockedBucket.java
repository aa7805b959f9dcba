package io.custody.control.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket with versioning and Object Lock whose default retention is COMPLIANCE: every version
 * written is locked by the bucket itself, so the writer's credentials need only
 * {@code s3:PutObject} (setting retention per object would need {@code s3:PutObjectRetention}).
 * {@link #requireComplianceLock} checks that before anyone relies on it.
 *
 * <p>Under such a lock an overwrite adds a version, and a DELETE without a version id only adds a
 * delete marker; no locked version can be removed. Readers who want what was written first ask
 * for {@link #oldestVersions}, never for "the" object at a key.
 */
public final class LockedBucket {

    private final S3Client s3;
    private final String bucket;

    public LockedBucket(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Checks the bucket has Object Lock enabled with a default retention in COMPLIANCE mode of at
     * least {@code minimum} (needs {@code s3:GetBucketObjectLockConfiguration}); returns the
     * retention it found.
     *
     * @throws ObjectStoreException.NotLocked if not
     */
    public Duration requireComplianceLock(Duration minimum) {
        ObjectLockConfiguration config;
        try {
            config = call("reading the Object Lock configuration",
                    () -> s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration());
        } catch (ObjectStoreException.Failed e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                    && "ObjectLockConfigurationNotFoundError".equals(s3e.awsErrorDetails().errorCode())) {
                throw new ObjectStoreException.NotLocked("bucket " + bucket + " does not have Object Lock enabled");
            }
            throw e;
        }
        if (config == null || config.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            throw new ObjectStoreException.NotLocked("bucket " + bucket + " does not have Object Lock enabled");
        }
        DefaultRetention retention = config.rule() == null ? null : config.rule().defaultRetention();
        if (retention == null || retention.mode() != ObjectLockRetentionMode.COMPLIANCE) {
            throw new ObjectStoreException.NotLocked("bucket " + bucket + " has no default retention in COMPLIANCE"
                    + " mode (found " + (retention == null ? "none" : retention.modeAsString()) + ")");
        }
        Duration found = retention.days() != null ? Duration.ofDays(retention.days())
                : Duration.ofDays(365L * (retention.years() == null ? 0 : retention.years()));
        if (found.compareTo(minimum) < 0) {
            throw new ObjectStoreException.NotLocked("bucket " + bucket + " retains versions for " + found.toDays()
                    + " days, less than the required " + minimum.toDays());
        }
        return found;
    }

    /** Writes {@code body} as a new version of {@code key}; returns its version id. */
    public String put(String key, byte[] body, String contentType) {
        return call("writing " + key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                // Object Lock buckets refuse a PUT without an integrity checksum.
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(body)).versionId());
    }

    /** The bytes of one version. */
    public byte[] read(String key, String versionId) {
        return call("reading " + key + " version " + versionId,
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asByteArray());
    }

    /**
     * The first version written of every key under {@code prefix} (delete markers ignored), in key
     * order. S3 lists a key's versions newest first, so the last one listed is the oldest; this does
     * not depend on clock resolution.
     */
    public List<ObjectVersion> oldestVersions(String prefix) {
        Map<String, ObjectVersion> oldest = new LinkedHashMap<>();
        String keyMarker = null;
        String versionMarker = null;
        do {
            String k = keyMarker;
            String v = versionMarker;
            ListObjectVersionsResponse page = call("listing versions under " + prefix,
                    () -> s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).keyMarker(k).versionIdMarker(v)));
            page.versions().forEach(version -> oldest.put(version.key(),
                    new ObjectVersion(version.key(), version.versionId(), version.lastModified())));
            keyMarker = page.isTruncated() ? page.nextKeyMarker() : null;
            versionMarker = page.isTruncated() ? page.nextVersionIdMarker() : null;
        } while (keyMarker != null);
        return new ArrayList<>(oldest.values());
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new ObjectStoreException.Failed("S3 bucket " + bucket + ": " + what + " failed: " + e.getMessage(), e);
        }
    }
}

package io.custody.control.s3;

import java.time.Instant;
import java.util.Objects;

/** One stored version of a key. */
public record ObjectVersion(String key, String versionId, Instant lastModified) {
    public ObjectVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}

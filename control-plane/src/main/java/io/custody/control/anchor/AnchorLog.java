package io.custody.control.anchor;

import io.custody.control.s3.LockedBucket;
import io.custody.control.s3.ObjectVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The anchors in a {@link LockedBucket} under one prefix: written as new versions, read as first written. */
public final class AnchorLog {

    public static final String DEFAULT_PREFIX = "audit-anchors/";

    private final LockedBucket bucket;
    private final String prefix;
    /** Anchors by key and version id: a locked version never changes, so each is fetched once. */
    private final Map<String, Anchor> fetched = new ConcurrentHashMap<>();

    public AnchorLog(LockedBucket bucket, String prefix) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the anchor prefix is a folder ending in '/': " + prefix);
        }
        this.prefix = prefix;
    }

    public LockedBucket bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    /** Writes {@code anchor} (needs only s3:PutObject); returns the key. */
    public String write(Anchor anchor) {
        String key = Anchor.key(prefix, anchor.sequence());
        bucket.put(key, anchor.toJson(), "application/json");
        return key;
    }

    /** An anchor as read back, or why an object under the prefix is not one. */
    public record Read(String key, String versionId, Anchor anchor, String problem) {
        public boolean readable() {
            return anchor != null;
        }
    }

    /**
     * The oldest version of every anchor object, by sequence; an object whose body does not parse,
     * or names another sequence than its key, comes back with its problem (a verifier fails closed
     * on it). Lists every version under the prefix each time (one request per 1000 versions); the
     * bodies of versions read before come from memory.
     */
    public List<Read> readAll() {
        List<Read> reads = new ArrayList<>();
        for (ObjectVersion version : bucket.oldestVersions(prefix)) {
            Anchor anchor;
            String id = version.key() + "?versionId=" + version.versionId();
            try {
                anchor = fetched.get(id);
                if (anchor == null) {
                    anchor = Anchor.parse(bucket.read(version.key(), version.versionId()));
                    fetched.put(id, anchor);
                }
            } catch (IllegalArgumentException e) {
                reads.add(new Read(version.key(), version.versionId(), null, "not an anchor: " + e.getMessage()));
                continue;
            }
            if (!Anchor.key(prefix, anchor.sequence()).equals(version.key())) {
                reads.add(new Read(version.key(), version.versionId(), null,
                        "names sequence " + anchor.sequence() + ", not the one its key names"));
                continue;
            }
            reads.add(new Read(version.key(), version.versionId(), anchor, ""));
        }
        reads.sort(Comparator.comparing(Read::key));
        return reads;
    }
}

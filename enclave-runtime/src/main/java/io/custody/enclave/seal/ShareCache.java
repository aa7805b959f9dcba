package io.custody.enclave.seal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The opened key shares of this enclave (each with its governance), at most {@code capacity} of them, least recently used
 * evicted first. Thread-safe.
 *
 * <p>Ownership: the cache owns every share put into it and is the only one that closes it: on
 * eviction, on replacement, on {@link #remove} and on {@link #close}. References are never
 * handed out. A caller uses a share only inside {@link #withShare}, which runs the function
 * under the cache's lock, so the share cannot be evicted or closed while it runs. The function
 * must therefore be short (start a session, derive a child, read the public key: a sign
 * session keeps its own reference to the native share, so it outlives the call safely), must
 * not keep the share after returning, must not close it, and must not call back into the
 * cache to change it (such calls throw {@link IllegalStateException}). A share the function
 * closes anyway is dropped from the cache.
 *
 * <p>Serialising every use behind one lock trades parallelism for a rule that cannot be
 * broken by a slow or forgetful caller; the calls it guards take microseconds to milliseconds.
 */
public final class ShareCache implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<ShareCacheKey, OpenedShare> shares;
    private boolean lending;
    private boolean closed;

    public ShareCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.shares = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * Takes ownership of {@code share} under {@code key}, closing any other share held under it
     * and evicting (closing) the least recently used shares beyond capacity. On a closed cache
     * the share is closed at once and {@link IllegalStateException} thrown.
     */
    public synchronized void put(ShareCacheKey key, OpenedShare share) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(share, "share");
        requireNotLending();
        if (closed) {
            share.close();
            throw new IllegalStateException("share cache is closed");
        }
        if (!share.isOpen()) {
            throw new IllegalArgumentException("cannot cache a closed key share");
        }
        for (Map.Entry<ShareCacheKey, OpenedShare> entry : shares.entrySet()) {
            if (entry.getValue().share() == share.share() && !entry.getKey().equals(key)) {
                throw new IllegalArgumentException("this key share is already cached under another key");
            }
        }
        OpenedShare previous = shares.put(key, share);
        if (previous != null && previous.share() != share.share()) {
            previous.close();
        }
        Iterator<OpenedShare> eldest = shares.values().iterator();
        while (shares.size() > capacity) {
            OpenedShare evicted = eldest.next();
            eldest.remove();
            evicted.close();
        }
    }

    /**
     * Runs {@code use} with the share under {@code key} while holding the cache's lock and
     * returns its result, or empty when no share is cached there (or the function returned
     * null). Counts as a use for eviction order. See the class comment for what {@code use} may
     * do with the share.
     */
    public synchronized <R> Optional<R> withShare(ShareCacheKey key, Function<? super OpenedShare, ? extends R> use) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(use, "use");
        requireNotLending();
        OpenedShare share = shares.get(key);
        if (share == null) {
            return Optional.empty();
        }
        lending = true;
        try {
            return Optional.ofNullable(use.apply(share));
        } finally {
            lending = false;
            if (!share.isOpen()) {
                shares.remove(key);
            }
        }
    }

    public synchronized boolean contains(ShareCacheKey key) {
        return shares.containsKey(Objects.requireNonNull(key, "key"));
    }

    /** Closes and drops the share under {@code key}; true if there was one. */
    public synchronized boolean remove(ShareCacheKey key) {
        Objects.requireNonNull(key, "key");
        requireNotLending();
        OpenedShare removed = shares.remove(key);
        if (removed == null) {
            return false;
        }
        removed.close();
        return true;
    }

    public synchronized int size() {
        return shares.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Closes every cached share; later puts close their share and fail. Idempotent. */
    @Override
    public synchronized void close() {
        requireNotLending();
        closed = true;
        List<OpenedShare> all = new ArrayList<>(shares.values());
        shares.clear();
        all.forEach(OpenedShare::close);
    }

    @Override
    public synchronized String toString() {
        return "ShareCache[" + shares.size() + " of " + capacity + (closed ? ", closed" : "") + "]";
    }

    private void requireNotLending() {
        if (lending) {
            throw new IllegalStateException("the share cache cannot be changed from inside withShare");
        }
    }
}

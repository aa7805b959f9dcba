package io.custody.control;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process notice that a resource ("signing_requests/{id}", "operations/{id}") changed, so a
 * watch stream re-reads it at once instead of at its next poll. Only a hint: the store is the
 * truth, and another control-plane instance's changes arrive by polling.
 */
public final class Changes {

    private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    /** Calls {@code listener} after each change of {@code resource} until the returned handle is closed. */
    public AutoCloseable subscribe(String resource, Runnable listener) {
        listeners.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(resource, (r, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    public void changed(String resource) {
        Set<Runnable> set = listeners.get(resource);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }
}

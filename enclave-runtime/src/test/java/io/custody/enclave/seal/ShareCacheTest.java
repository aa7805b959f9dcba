package io.custody.enclave.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.KeyShare;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShareCacheTest {

    private static final ShareCacheKey A = new ShareCacheKey("wallet-a", 1);
    private static final ShareCacheKey B = new ShareCacheKey("wallet-b", 1);
    private static final ShareCacheKey C = new ShareCacheKey("wallet-a", 2);

    private static List<KeyShare> parents;
    private final List<KeyShare> made = new ArrayList<>();
    private ShareCache cache;

    @BeforeAll
    static void dkg() {
        parents = TestShares.dkg(2);
    }

    @AfterAll
    static void closeParents() {
        TestShares.closeAll(parents);
    }

    @BeforeEach
    void newCache() {
        cache = new ShareCache(2);
    }

    @AfterEach
    void closeEverything() {
        cache.close();
        TestShares.closeAll(made);
    }

    /** A fresh share owned by the test until it is put into the cache. */
    private KeyShare share() {
        KeyShare child = parents.get(0).deriveChild(made.size());
        made.add(child);
        return child;
    }

    @Test
    void evictsLeastRecentlyUsedAndClosesIt() {
        KeyShare a = share();
        KeyShare b = share();
        KeyShare c = share();
        cache.put(A, TestShares.opened(a));
        cache.put(B, TestShares.opened(b));
        assertEquals(Optional.of(true), cache.withShare(A, OpenedShare::isOpen));
        cache.put(C, TestShares.opened(c));

        assertEquals(2, cache.size());
        assertFalse(b.isOpen(), "the least recently used share is closed on eviction");
        assertFalse(cache.contains(B));
        assertTrue(a.isOpen());
        assertTrue(c.isOpen());
    }

    @Test
    void capacityIsNeverExceeded() {
        for (int k = 1; k <= 5; k++) {
            cache.put(new ShareCacheKey("wallet", k), TestShares.opened(share()));
            assertEquals(Math.min(k, 2), cache.size());
        }
        assertEquals(3, made.stream().filter(s -> !s.isOpen()).count());
        assertEquals(2, cache.capacity());
    }

    @Test
    void withShareLendsTheShareAndReturnsTheResult() {
        KeyShare a = share();
        cache.put(A, TestShares.opened(a));
        assertArrayEquals(a.publicKey(), cache.withShare(A, s -> s.share().publicKey()).orElseThrow());
        assertEquals(Optional.empty(), cache.withShare(B, s -> s.share().publicKey()));
    }

    @Test
    void replacingAShareClosesTheOldOne() {
        KeyShare first = share();
        KeyShare second = share();
        cache.put(A, TestShares.opened(first));
        cache.put(A, TestShares.opened(first));
        assertTrue(first.isOpen(), "putting the same share again is a no-op");
        cache.put(A, TestShares.opened(second));
        assertFalse(first.isOpen());
        assertEquals(1, cache.size());
    }

    @Test
    void oneShareCannotLiveUnderTwoKeys() {
        KeyShare a = share();
        cache.put(A, TestShares.opened(a));
        assertThrows(IllegalArgumentException.class, () -> cache.put(B, TestShares.opened(a)));
        assertTrue(a.isOpen());
    }

    @Test
    void closedSharesAreRefused() {
        KeyShare closed = share();
        closed.close();
        assertThrows(IllegalArgumentException.class, () -> cache.put(A, TestShares.opened(closed)));
    }

    @Test
    void removeAndCloseCloseTheShares() {
        KeyShare a = share();
        KeyShare b = share();
        cache.put(A, TestShares.opened(a));
        cache.put(B, TestShares.opened(b));
        assertTrue(cache.remove(A));
        assertFalse(cache.remove(A));
        assertFalse(a.isOpen());

        cache.close();
        assertFalse(b.isOpen());
        assertEquals(0, cache.size());

        KeyShare late = share();
        assertThrows(IllegalStateException.class, () -> cache.put(C, TestShares.opened(late)));
        assertFalse(late.isOpen(), "a share put into a closed cache is closed at once");
    }

    @Test
    void theCacheCannotBeChangedFromInsideWithShare() {
        cache.put(A, TestShares.opened(share()));
        KeyShare other = share();
        assertThrows(IllegalStateException.class, () -> cache.withShare(A, s -> {
            cache.put(B, TestShares.opened(other));
            return null;
        }));
        assertThrows(IllegalStateException.class, () -> cache.withShare(A, s -> cache.remove(A)));
        assertThrows(IllegalStateException.class, () -> cache.withShare(A, s -> {
            cache.close();
            return null;
        }));
        assertTrue(cache.contains(A));
    }

    @Test
    void aShareClosedByABorrowerIsDropped() {
        cache.put(A, TestShares.opened(share()));
        cache.withShare(A, s -> {
            s.close();
            return null;
        });
        assertFalse(cache.contains(A));
    }

    @Test
    void concurrentUseKeepsTheBoundAndClosesEveryEvictedShare() throws Exception {
        List<KeyShare> all = Collections.synchronizedList(made);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int k = 0; k < 10; k++) {
                        KeyShare child = parents.get(1).deriveChild(thread * 100L + k);
                        all.add(child);
                        ShareCacheKey key = new ShareCacheKey("wallet-" + (k % 3), 1 + thread);
                        cache.put(key, TestShares.opened(child));
                        cache.withShare(key, s -> {
                            assertTrue(s.isOpen());
                            return s.share().publicKey();
                        });
                        assertTrue(cache.size() <= 2);
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(2, cache.size());
        assertEquals(all.size() - 2, all.stream().filter(s -> !s.isOpen()).count());
    }

    @Test
    void refusesNonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new ShareCache(0));
    }
}

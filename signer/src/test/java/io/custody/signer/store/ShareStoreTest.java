package io.custody.signer.store;

import static io.custody.signer.store.ShareStoreDatabase.NODE_1;
import static io.custody.signer.store.TestShares.newWallet;
import static io.custody.signer.store.TestShares.share;
import static io.custody.signer.store.jooq.Tables.KEY_SHARES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store's contract against a real Postgres, through node-1's own role. */
class ShareStoreTest {
    private static ShareStoreDatabase database;
    private static ShareStore store;

    @BeforeAll
    static void start() {
        database = ShareStoreDatabase.start();
        store = database.store(NODE_1);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theStoreKnowsItsNodeFromTheConnectionRole() {
        assertEquals(NODE_1, store.nodeId());
    }

    @Test
    void storedShareReadsBackIdenticallyAndStartsPending() {
        String wallet = newWallet();
        StoredShare v1 = share(wallet, NODE_1, 1);
        store.store(v1);

        assertEquals(v1, store.share(wallet, 1));
        assertEquals(Optional.empty(), store.activeShare(wallet));
        List<ShareVersion> history = store.history(wallet);
        assertEquals(1, history.size());
        assertEquals(ShareState.PENDING, history.getFirst().state());
    }

    @Test
    void activatingTheFirstVersionMakesItTheActiveShare() {
        String wallet = newWallet();
        store.store(share(wallet, NODE_1, 1));
        store.activate(wallet, 1);

        assertEquals(Optional.of(share(wallet, NODE_1, 1)), store.activeShare(wallet));
        store.activate(wallet, 1); // idempotent
        assertEquals(1, activeCount(wallet));
    }

    @Test
    void refreshSwitchesFromV1ToV2InOneStepAndKeepsV1Unchanged() {
        String wallet = newWallet();
        StoredShare v1 = share(wallet, NODE_1, 1);
        StoredShare v2 = share(wallet, NODE_1, 2);
        store.store(v1);
        store.activate(wallet, 1);
        store.store(v2);
        assertEquals(Optional.of(v1), store.activeShare(wallet), "v2 is pending until activated");

        store.activate(wallet, 2);

        assertEquals(Optional.of(v2), store.activeShare(wallet));
        List<ShareVersion> history = store.history(wallet);
        assertEquals(List.of(1, 2), history.stream().map(ShareVersion::version).toList());
        ShareVersion old = history.get(0);
        assertEquals(ShareState.RETIRED, old.state());
        assertTrue(old.retired().isPresent() && old.activated().isPresent());
        assertEquals(v1, old.share());
        assertArrayEquals(v1.sealedShare(), store.share(wallet, 1).sealedShare());
        assertEquals(ShareState.ACTIVE, history.get(1).state());
        assertEquals(1, activeCount(wallet));
    }

    @Test
    void aConcurrentReaderAlwaysSeesExactlyOneActiveVersionDuringRefreshes() throws Exception {
        String wallet = newWallet();
        store.store(share(wallet, NODE_1, 1));
        store.activate(wallet, 1);
        DSLContext reader = database.nodeSql(NODE_1);
        AtomicBoolean done = new AtomicBoolean();
        List<Integer> seen = new ArrayList<>();
        Thread readerThread = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                seen.add(reader.fetchCount(KEY_SHARES,
                        KEY_SHARES.WALLET_ID.eq(wallet).and(KEY_SHARES.STATE.eq("active"))));
            }
        });
        for (int v = 2; v <= 15; v++) {
            store.store(share(wallet, NODE_1, v));
            store.activate(wallet, v);
        }
        done.set(true);
        readerThread.join(30_000);

        assertTrue(seen.size() > 0);
        assertTrue(seen.stream().allMatch(n -> n == 1), "reader saw " + seen);
        assertEquals(15, store.activeShare(wallet).orElseThrow().version());
    }

    @Test
    void storingAnExistingVersionIsAConflict() {
        String wallet = newWallet();
        store.store(share(wallet, NODE_1, 1));

        ShareVersionConflictException e = assertThrows(ShareVersionConflictException.class,
                () -> store.store(share(wallet, NODE_1, 1)));
        assertTrue(e.getMessage().contains("version 1 of wallet " + wallet), e.getMessage());
    }

    @Test
    void activationRefusesMissingRetiredAndOlderVersions() {
        String wallet = newWallet();
        store.store(share(wallet, NODE_1, 1));
        store.store(share(wallet, NODE_1, 2));
        store.activate(wallet, 2);

        assertThrows(ShareNotFoundException.class, () -> store.activate(wallet, 3));
        ShareStateException older = assertThrows(ShareStateException.class,
                () -> store.activate(wallet, 1));
        assertTrue(older.getMessage().contains("version 2 is active"), older.getMessage());
        store.store(share(wallet, NODE_1, 3));
        store.activate(wallet, 3);
        assertThrows(ShareStateException.class, () -> store.activate(wallet, 2));
        assertEquals(3, store.activeShare(wallet).orElseThrow().version());
    }

    @Test
    void anAbandonedRefreshIsRetiredWithoutTouchingTheActiveVersion() {
        String wallet = newWallet();
        store.store(share(wallet, NODE_1, 1));
        store.activate(wallet, 1);
        store.store(share(wallet, NODE_1, 2));

        store.abandon(wallet, 2);

        assertEquals(1, store.activeShare(wallet).orElseThrow().version());
        assertEquals(ShareState.RETIRED, store.history(wallet).get(1).state());
        assertThrows(ShareStateException.class, () -> store.activate(wallet, 2));
        assertThrows(ShareStateException.class, () -> store.abandon(wallet, 1));
        assertThrows(ShareNotFoundException.class, () -> store.abandon(wallet, 9));
    }

    @Test
    void missingSharesAreReportedClearly() {
        String wallet = newWallet();
        ShareNotFoundException e = assertThrows(ShareNotFoundException.class,
                () -> store.share(wallet, 4));
        assertEquals("no share version 4 of wallet " + wallet + " for node " + NODE_1, e.getMessage());
        assertEquals(List.of(), store.history(wallet));
    }

    private static int activeCount(String wallet) {
        return database.superuserSql().fetchCount(KEY_SHARES,
                KEY_SHARES.WALLET_ID.eq(wallet).and(KEY_SHARES.STATE.eq("active")));
    }

    @Test
    void activeSharesListsEveryActiveVersionWithItsRoster() {
        String walletA = newWallet();
        String walletB = newWallet();
        String walletC = newWallet();
        ShareRoster roster = new ShareRoster(2, List.of("node-9", NODE_1, "node-2"));
        store.store(share(walletA, NODE_1, 1), roster);
        store.activate(walletA, 1);
        store.store(share(walletB, NODE_1, 1), roster);
        store.activate(walletB, 1);
        store.store(share(walletB, NODE_1, 2), roster);
        store.activate(walletB, 2);
        store.store(share(walletC, NODE_1, 1), roster); // pending: not listed

        List<ActiveShare> mine = store.activeShares().stream()
                .filter(a -> List.of(walletA, walletB, walletC).contains(a.share().walletId())).toList();
        assertEquals(2, mine.size());
        ActiveShare b = mine.stream().filter(a -> a.share().walletId().equals(walletB)).findFirst().orElseThrow();
        assertEquals(2, b.share().version());
        assertEquals(Optional.of(roster), b.roster());
        assertEquals(2, roster.partyOf(NODE_1));
    }

    @Test
    void aRosterIsWrittenOnceAndMustListTheNode() {
        String wallet = newWallet();
        assertThrows(IllegalArgumentException.class,
                () -> store.store(share(wallet, NODE_1, 1), new ShareRoster(2, List.of("node-8", "node-9"))));
        store.store(share(wallet, NODE_1, 1), new ShareRoster(2, List.of(NODE_1, "node-2")));
        assertThrows(org.jooq.exception.DataAccessException.class, () -> database.superuserSql()
                .execute("update key_shares set threshold = 3, holders = 'a,b,c' where wallet_id = ?", wallet));
        assertThrows(org.jooq.exception.DataAccessException.class, () -> database.nodeSql(NODE_1)
                .execute("update key_shares set holders = 'x,y' where wallet_id = ?", wallet));
        store.activate(wallet, 1);
        assertEquals(Optional.of(new ShareRoster(2, List.of(NODE_1, "node-2"))), store.activeShares().stream()
                .filter(a -> a.share().walletId().equals(wallet)).findFirst().orElseThrow().roster());
    }

    @Test
    void governanceAndChainCodeAreStoredWrittenOnceAndReadBack() {
        String wallet = newWallet();
        StoredShare governed = TestShares.governedShare(wallet, NODE_1, 1);
        store.store(governed, new ShareRoster(2, List.of(NODE_1, "node-2")));
        assertEquals(governed, store.share(wallet, 1));
        store.activate(wallet, 1);
        StoredShare active = store.activeShares().stream().filter(a -> a.share().walletId().equals(wallet))
                .findFirst().orElseThrow().share();
        assertArrayEquals(governed.governance(), active.governance());
        assertArrayEquals(governed.chainCode(), active.chainCode());
        // Loosening the governance beside the blob is refused by the database too (the enclave would refuse the open).
        assertThrows(org.jooq.exception.DataAccessException.class, () -> database.superuserSql()
                .execute("update key_shares set governance = ''::bytea where wallet_id = ?", wallet));
        assertThrows(org.jooq.exception.DataAccessException.class, () -> database.nodeSql(NODE_1)
                .execute("update key_shares set chain_code = null where wallet_id = ?", wallet));
    }

    @Test
    void anUngovernedShareHasEmptyGovernanceAndNoChainCode() {
        String wallet = newWallet();
        store.store(share(wallet, NODE_1, 1));
        StoredShare read = store.share(wallet, 1);
        assertEquals(0, read.governance().length);
        assertEquals(0, read.chainCode().length);
    }
}

package io.custody.signer.store;

import static io.custody.signer.store.ShareStoreDatabase.NODE_1;
import static io.custody.signer.store.ShareStoreDatabase.NODE_2;
import static io.custody.signer.store.TestShares.newWallet;
import static io.custody.signer.store.TestShares.share;
import static io.custody.signer.store.jooq.Tables.KEY_SHARES;
import static io.custody.signer.store.jooq.Tables.NODE_ROLES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What the database itself refuses, whatever code a compromised signer host runs: raw SQL on
 * the node's own role. SQLState 42501 (insufficient_privilege) is both the row-level-security
 * refusal of an insert and the privilege refusal of a column update or a delete; KS001/KS002
 * come from the {@code key_shares_guard} trigger.
 */
class RowLevelSecurityTest {
    private static ShareStoreDatabase database;
    private static ShareStore node1;
    private static ShareStore node2;

    @BeforeAll
    static void start() {
        database = ShareStoreDatabase.start();
        node1 = database.store(NODE_1);
        node2 = database.store(NODE_2);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aNodeCannotSeeAnotherNodesShares() {
        String wallet = newWallet();
        node2.store(share(wallet, NODE_2, 1));
        node2.activate(wallet, 1);

        DSLContext sql1 = database.nodeSql(NODE_1);
        assertEquals(0, sql1.fetchCount(KEY_SHARES, KEY_SHARES.WALLET_ID.eq(wallet)));
        assertEquals(0, sql1.fetchCount(KEY_SHARES, KEY_SHARES.NODE_ID.eq(NODE_2)));
        assertEquals(1, sql1.fetchCount(NODE_ROLES), "a node sees only its own role mapping");
        assertEquals(Optional.empty(), node1.activeShare(wallet));
        assertEquals(1, database.superuserSql().fetchCount(KEY_SHARES, KEY_SHARES.WALLET_ID.eq(wallet)));
    }

    @Test
    void aNodeCannotInsertARowForAnotherNode() {
        String wallet = newWallet();
        ShareAccessDeniedException e = assertThrows(ShareAccessDeniedException.class,
                () -> node1.store(share(wallet, NODE_2, 1)));
        assertEquals("42501", e.sqlState());
        assertEquals(0, database.superuserSql().fetchCount(KEY_SHARES, KEY_SHARES.WALLET_ID.eq(wallet)));
    }

    @Test
    void aNodeCannotUpdateAnotherNodesRows() {
        String wallet = newWallet();
        node2.store(share(wallet, NODE_2, 1));

        int updated = database.nodeSql(NODE_1).update(KEY_SHARES)
                .set(KEY_SHARES.STATE, "active")
                .where(KEY_SHARES.WALLET_ID.eq(wallet))
                .execute();

        assertEquals(0, updated);
        assertEquals(ShareState.PENDING, node2.history(wallet).getFirst().state());
        assertThrows(ShareNotFoundException.class, () -> node1.activate(wallet, 1));
    }

    @Test
    void sealedBytesCannotBeUpdatedByTheNodeNorByAnyoneElse() {
        String wallet = newWallet();
        StoredShare v1 = share(wallet, NODE_1, 1);
        node1.store(v1);
        byte[] forged = {1, 2, 3};

        assertSqlState("42501", () -> database.nodeSql(NODE_1).update(KEY_SHARES)
                .set(KEY_SHARES.SEALED_SHARE, forged)
                .where(KEY_SHARES.WALLET_ID.eq(wallet))
                .execute());
        assertSqlState("42501", () -> database.nodeSql(NODE_1).update(KEY_SHARES)
                .set(KEY_SHARES.RETIRED_AT, KEY_SHARES.CREATED_AT)
                .where(KEY_SHARES.WALLET_ID.eq(wallet))
                .execute());
        // The owner sees no share at all (forced RLS, no owner policy) ...
        assertEquals(0, database.ownerSql().update(KEY_SHARES)
                .set(KEY_SHARES.SEALED_SHARE, forged)
                .where(KEY_SHARES.WALLET_ID.eq(wallet))
                .execute());
        // ... and even the superuser, who bypasses RLS and privileges, meets the trigger.
        assertSqlState("KS001", () -> database.superuserSql().update(KEY_SHARES)
                .set(KEY_SHARES.SEALED_SHARE, forged)
                .where(KEY_SHARES.WALLET_ID.eq(wallet))
                .execute());

        assertArrayEquals(v1.sealedShare(), node1.share(wallet, 1).sealedShare());
    }

    @Test
    void stateMovesOnlyForwardAndRetirementHappensOnce() {
        String wallet = newWallet();
        node1.store(share(wallet, NODE_1, 1));
        node1.activate(wallet, 1);
        DSLContext sql1 = database.nodeSql(NODE_1);
        sql1.update(KEY_SHARES).set(KEY_SHARES.STATE, "retired")
                .where(KEY_SHARES.WALLET_ID.eq(wallet)).execute();
        var retiredAt = node1.history(wallet).getFirst().retiredAt();

        assertSqlState("KS002", () -> sql1.update(KEY_SHARES).set(KEY_SHARES.STATE, "active")
                .where(KEY_SHARES.WALLET_ID.eq(wallet)).execute());
        assertSqlState("KS002", () -> sql1.update(KEY_SHARES).set(KEY_SHARES.STATE, "pending")
                .where(KEY_SHARES.WALLET_ID.eq(wallet)).execute());
        assertEquals(retiredAt, node1.history(wallet).getFirst().retiredAt());
    }

    @Test
    void twoActiveVersionsAreImpossibleEvenWithRawSql() {
        String wallet = newWallet();
        node1.store(share(wallet, NODE_1, 1));
        node1.store(share(wallet, NODE_1, 2));
        node1.activate(wallet, 1);

        assertSqlState("23505", () -> database.nodeSql(NODE_1).update(KEY_SHARES)
                .set(KEY_SHARES.STATE, "active")
                .where(KEY_SHARES.WALLET_ID.eq(wallet).and(KEY_SHARES.SHARE_VERSION.eq(2)))
                .execute());
    }

    @Test
    void aNodeCannotInsertAnActiveRowDirectly() {
        String wallet = newWallet();
        assertSqlState("42501", () -> database.nodeSql(NODE_1).insertInto(KEY_SHARES)
                .set(KEY_SHARES.WALLET_ID, wallet)
                .set(KEY_SHARES.NODE_ID, NODE_1)
                .set(KEY_SHARES.SHARE_VERSION, 1)
                .set(KEY_SHARES.STATE, "active")
                .set(KEY_SHARES.PUBLIC_KEY, share(wallet, NODE_1, 1).publicKey())
                .set(KEY_SHARES.SEALED_SHARE, new byte[] {1})
                .set(KEY_SHARES.WRAPPED_DATA_KEY, new byte[] {1})
                .set(KEY_SHARES.KMS_KEY_ID, "k")
                .set(KEY_SHARES.KMS_KEY_GENERATION, 1)
                .execute());
    }

    @Test
    void aNodeCannotDeleteEvenItsOwnRows() {
        String wallet = newWallet();
        node1.store(share(wallet, NODE_1, 1));

        assertSqlState("42501", () -> database.nodeSql(NODE_1).deleteFrom(KEY_SHARES)
                .where(KEY_SHARES.WALLET_ID.eq(wallet)).execute());
        assertSqlState("42501", () -> database.nodeSql(NODE_1).truncate(KEY_SHARES).execute());
        assertSqlState("KS001", () -> database.superuserSql().deleteFrom(KEY_SHARES)
                .where(KEY_SHARES.WALLET_ID.eq(wallet)).execute());
        assertEquals(1, node1.history(wallet).size());
    }

    @Test
    void publicAndTheOwnerGetNoShareAccess() {
        DSLContext su = database.superuserSql();
        assertEquals(Boolean.FALSE, su.fetchValue(
                "select has_table_privilege('public', 'key_shares', 'select')"));
        assertEquals(Boolean.TRUE, su.fetchValue(
                "select relforcerowsecurity from pg_class where relname = 'key_shares'"));
        assertEquals(0, database.ownerSql().fetchCount(KEY_SHARES));
    }

    @Test
    void aRoleWithoutANodeMappingCannotOpenAStore() {
        ShareAccessDeniedException e = assertThrows(ShareAccessDeniedException.class,
                () -> ShareStore.open(database.owner()));
        assertEquals(null, e.sqlState());
    }

    private static void assertSqlState(String expected, Executable statement) {
        DataAccessException e = assertThrows(DataAccessException.class, statement);
        assertEquals(expected, e.sqlState(), e.getMessage());
    }
}

package io.custody.control.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attacker on the serving host: connected as the runtime role, with its password, on real
 * Postgres. Every way to rewrite or unhook the audit chain is refused by Postgres itself, and the
 * chain still verifies afterwards.
 */
class RuntimeRoleTest {
    private static TestDatabase testDb;
    private static Database database;
    private static AuditLog log;

    @BeforeAll
    static void start() {
        testDb = TestDatabase.create();
        database = Database.open(testDb.jdbcUrl(), testDb.user(), testDb.password(), 4, Clock.systemUTC());
        log = new AuditLog(database);
        for (int i = 0; i < 3; i++) {
            database.inTransaction(tx -> log.append(tx, AuditEntry.of("system", "test.append", "tests/roles", "",
                    Map.of())));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    /** Runs {@code sql} as the runtime role and returns the SQLSTATE Postgres refused it with. */
    private static String refusedAsRuntime(String sql) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = testDb.dataSource("runtime").getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }, sql);
        return e.getSQLState();
    }

    @Test
    void rowsCannotBeUpdatedDeletedOrTruncated() {
        assertEquals("42501", refusedAsRuntime("update audit_events set actor = 'client/mallory' where sequence = 2"));
        assertEquals("42501", refusedAsRuntime("delete from audit_events where sequence = 3"));
        assertEquals("42501", refusedAsRuntime("truncate audit_events"));
        assertEquals("42501", refusedAsRuntime("update audit_head set sequence = 1"));
        assertEquals("42501", refusedAsRuntime("select * from audit_head for update"));
        assertTrue(log.verify(0, 0).valid());
        assertEquals(3, log.headSequence());
    }

    @Test
    void triggersCannotBeDisabledDroppedOrReplaced() {
        // "must be owner of table/function": 42501 (insufficient privilege).
        assertEquals("42501", refusedAsRuntime("alter table audit_events disable trigger audit_events_append"));
        assertEquals("42501", refusedAsRuntime("alter table audit_events disable trigger all"));
        assertEquals("42501", refusedAsRuntime("drop trigger audit_events_append on audit_events"));
        assertEquals("42501", refusedAsRuntime("drop trigger audit_events_no_truncate on audit_events"));
        assertEquals("42501", refusedAsRuntime("""
                create or replace function audit_events_append() returns trigger language plpgsql
                as $$ begin return new; end; $$"""));
        assertEquals("42501", refusedAsRuntime("alter function audit_events_append() security invoker"));
        assertEquals("42501", refusedAsRuntime("drop table audit_events"));
        assertEquals("42501", refusedAsRuntime("alter table audit_events owner to current_user"));
    }

    @Test
    void replicationRoleCannotBeSetAndNothingCanBeCreatedInPublic() {
        assertEquals("42501", refusedAsRuntime("set session_replication_role = replica"));
        assertEquals("42501", refusedAsRuntime("set local session_replication_role = replica"));
        // A shadowing operator or function in public would be a way around the guards.
        assertEquals("42501", refusedAsRuntime("create table public.shadow (x int)"));
        assertEquals("42501", refusedAsRuntime(
                "create function public.audit_head_for_append(out sequence bigint) language sql as 'select 1::bigint'"));
    }

    @Test
    void insertsThatDoNotExtendTheHeadAreRefusedAndTheRoleHasNoOtherProblem() {
        assertEquals("23514", refusedAsRuntime("insert into audit_events values (99, now(), 'system', 'x', 'r', '',"
                + " '{}', decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))"));
        assertEquals(List.of(), ServingRole.problems(testDb.dataSource("runtime"), testDb.user()));
        assertTrue(log.verify(0, 0).valid());
    }

    @Test
    void theControlPlaneRefusesToServeAsTheOwner() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.open(testDb.jdbcUrl(),
                testDb.owner(), testDb.ownerPassword(), 2, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("refusing to serve as database role " + testDb.owner()), e.getMessage());
        assertTrue(e.getMessage().contains("owns the audit tables"), e.getMessage());
    }

    @Test
    void anUnmigratedSchemaIsRefusedAndAMigrationThatLeavesTheRuntimeRoleTooStrongFails() throws Exception {
        TestDatabase fresh = TestDatabase.createUnmigrated();
        IllegalStateException unmigrated = assertThrows(IllegalStateException.class, () -> Database.open(
                fresh.jdbcUrl(), fresh.user(), fresh.password(), 2, Clock.systemUTC()));
        assertTrue(unmigrated.getMessage().contains("not at this build's version"), unmigrated.getMessage());

        // The DBA made the runtime role a member of the owner: the migration says so and fails.
        try (Connection c = fresh.dataSource("superuser").getConnection(); Statement s = c.createStatement()) {
            s.execute("grant " + fresh.owner() + " to " + fresh.user());
        }
        IllegalStateException tooStrong = assertThrows(IllegalStateException.class, fresh::migrate);
        assertTrue(tooStrong.getMessage().contains("owns the audit tables or is a member of their owner"),
                tooStrong.getMessage());
        try (Connection c = fresh.dataSource("superuser").getConnection(); Statement s = c.createStatement()) {
            s.execute("revoke " + fresh.owner() + " from " + fresh.user());
        }
        fresh.migrate(); // idempotent: nothing pending, grants applied again
        try (Database served = Database.open(fresh.jdbcUrl(), fresh.user(), fresh.password(), 2, Clock.systemUTC())) {
            assertEquals(0, new AuditLog(served).headSequence());
        }
    }
}

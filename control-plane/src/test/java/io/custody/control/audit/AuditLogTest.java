package io.custody.control.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.control.store.Database;
import io.custody.control.testing.TestDatabase;
import io.custody.proto.admin.v1.AuditEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    private static TestDatabase testDb;
    private static Database database;
    private static AuditLog log;

    @BeforeAll
    static void start() {
        testDb = TestDatabase.create();
        database = Database.open(testDb.jdbcUrl(), testDb.user(), testDb.password(), 8, Clock.systemUTC());
        log = new AuditLog(database);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    private static AuditEvent append(String action) {
        return database.inTransaction(tx -> log.append(tx,
                AuditEntry.of("system", action, "tests/audit", "", Map.of("n", 1, "why", "test"))));
    }

    @Test
    void concurrentAppendsFormOneGaplessChainThatVerifiesAndATamperedRowIsFound() throws Exception {
        long before = log.headSequence();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<AuditEvent>> appended = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                appended.add(pool.submit(() -> append("test.append")));
            }
            for (Future<AuditEvent> f : appended) {
                f.get();
            }
        }
        assertEquals(before + 40, log.headSequence());
        ChainCheck ok = log.verify(0, 0);
        assertTrue(ok.valid(), ok.failure());
        assertArrayEquals(log.headHash(), ok.headHash());
        List<AuditEvent> events = log.list(1, "", 1000);
        assertEquals("{\"n\":1,\"why\":\"test\"}", events.getLast().getDetailsJson());
        for (int i = 1; i < events.size(); i++) { // anyone holding a page can check the links
            assertEquals(events.get(i - 1).getHash(), events.get(i).getPreviousHash());
            assertArrayEquals(AuditHashes.hash(events.get(i)), events.get(i).getHash().toByteArray());
        }

        long victim = before + 7;
        // The runtime role cannot rewrite history: no privilege, and the trigger refuses too.
        assertThrows(DataAccessException.class, () -> testDb.runtimeSql()
                .execute("update audit_events set actor = 'client/mallory' where sequence = ?", victim));
        assertThrows(DataAccessException.class, () -> testDb.runtimeSql()
                .execute("delete from audit_events where sequence = ?", victim));
        // A superuser can, with triggers off; verification finds it.
        testDb.superuserSql().transaction(c -> {
            c.dsl().execute("set local session_replication_role = replica");
            c.dsl().execute("update audit_events set actor = 'client/mallory' where sequence = ?", victim);
        });
        ChainCheck tampered = log.verify(0, 0);
        assertFalse(tampered.valid());
        assertEquals(victim, tampered.firstInvalid().orElseThrow());
        assertTrue(tampered.failure().startsWith("hash mismatch"), tampered.failure());
        assertTrue(log.verify(victim + 1, 0).valid(), "the range after the tampered row still links");
    }

    @Test
    void anInsertThatDoesNotExtendTheHeadIsRefused() {
        assertThrows(DataAccessException.class, () -> testDb.runtimeSql().execute(
                "insert into audit_events values (999999, now(), 'system', 'x', 'r', '', '{}', decode(repeat('00', 32), 'hex'),"
                        + " decode(repeat('00', 32), 'hex'))"));
    }

    @Test
    void canonicalJsonSortsKeysAndEscapes() {
        assertEquals("{\"a\":[1,true,null],\"b\":\"q\\\"\\n\\u0001\",\"c\":{\"x\":-2}}",
                CanonicalJson.write(Map.of("c", Map.of("x", -2L), "b", "q\"\n\u0001",
                        "a", java.util.Arrays.asList(1, true, null))));
    }
}

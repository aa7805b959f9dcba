package io.custody.control.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.audit.ChainCheck;
import io.custody.control.s3.LockedBucket;
import io.custody.control.s3.ObjectStoreException;
import io.custody.control.store.Database;
import io.custody.control.testing.MotoS3;
import io.custody.control.testing.OwnerRewrite;
import io.custody.control.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Anchors in a real S3 API (moto_server: versioning, Object Lock, COMPLIANCE retention) against a
 * real Postgres chain. Skipped, with a message, when moto_server is missing.
 */
class AnchorMotoTest {
    private static MotoS3 s3;
    private static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        s3 = MotoS3.startOrSkip();
        client = s3.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static Database openChain(TestDatabase db) {
        return Database.open(db.jdbcUrl(), db.user(), db.password(), 4, Clock.systemUTC());
    }

    private static void append(Database database, AuditLog log, int n) {
        for (int i = 0; i < n; i++) {
            database.inTransaction(tx -> log.append(tx, AuditEntry.of("system", "test.append", "tests/anchor", "",
                    Map.of("i", 1))));
        }
    }

    @Test
    void aBucketThatDoesNotLockInComplianceModeIsRefused() {
        LockedBucket plain = new LockedBucket(client, s3.plainBucket());
        assertThrows(ObjectStoreException.NotLocked.class, () -> plain.requireComplianceLock(Duration.ofDays(1)));
        LockedBucket governance = new LockedBucket(client, s3.lockedBucket(ObjectLockRetentionMode.GOVERNANCE, 30));
        ObjectStoreException.NotLocked g = assertThrows(ObjectStoreException.NotLocked.class,
                () -> governance.requireComplianceLock(Duration.ofDays(1)));
        assertTrue(g.getMessage().contains("COMPLIANCE"), g.getMessage());
        LockedBucket shortLock = new LockedBucket(client, s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1));
        assertThrows(ObjectStoreException.NotLocked.class, () -> shortLock.requireComplianceLock(Duration.ofDays(2)));
        assertEquals(Duration.ofDays(1), shortLock.requireComplianceLock(Duration.ofDays(1)));
        LockedBucket missing = new LockedBucket(client, "no-such-bucket-here");
        assertThrows(ObjectStoreException.Failed.class, () -> missing.requireComplianceLock(Duration.ofDays(1)));
    }

    @Test
    void theHeadIsAnchoredOnlyWhenItMovedAndAnAnchorVersionCannotBeRemovedOrMoved() throws Exception {
        TestDatabase db = TestDatabase.create();
        String bucketName = s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1);
        AnchorLog anchors = new AnchorLog(new LockedBucket(client, bucketName), AnchorLog.DEFAULT_PREFIX);
        try (Database database = openChain(db)) {
            AuditLog log = new AuditLog(database);
            AuditAnchoring anchoring = new AuditAnchoring(log, anchors, "cp-a", Clock.systemUTC());
            assertTrue(anchoring.anchorIfMoved().isEmpty(), "an empty log has nothing to anchor");
            append(database, log, 3);
            Anchor third = anchoring.anchorIfMoved().orElseThrow();
            assertEquals(3, third.sequence());
            assertArrayEquals(log.storedHash(3).orElseThrow(), third.hash());
            assertTrue(anchoring.anchorIfMoved().isEmpty(), "the head did not move");
            append(database, log, 2);
            assertEquals(5, anchoring.anchorIfMoved().orElseThrow().sequence());

            String key = Anchor.key(AnchorLog.DEFAULT_PREFIX, 3);
            String firstVersion = anchors.readAll().getFirst().versionId();
            // COMPLIANCE: nobody deletes a locked version, the bucket owner included.
            S3Exception refused = assertThrows(S3Exception.class, () -> s3.admin().deleteObject(b -> b
                    .bucket(bucketName).key(key).versionId(firstVersion)));
            assertEquals(403, refused.statusCode());
            assertThrows(S3Exception.class, () -> s3.admin().deleteObject(b -> b.bucket(bucketName).key(key)
                    .versionId(firstVersion).bypassGovernanceRetention(true)));
            // An overwrite (s3:PutObject is all the writer has) adds a version; a plain DELETE adds a
            // delete marker. Neither moves the anchor: the first version counts.
            Anchor forged = new Anchor(3, new byte[32], Instant.now(), "cp-a");
            client.putObject(b -> b.bucket(bucketName).key(key).checksumAlgorithm("SHA256"),
                    RequestBody.fromBytes(forged.toJson()));
            s3.admin().deleteObject(b -> b.bucket(bucketName).key(Anchor.key(AnchorLog.DEFAULT_PREFIX, 5)));
            List<AnchorLog.Read> reads = anchors.readAll();
            assertEquals(2, reads.size());
            assertEquals(firstVersion, reads.getFirst().versionId());
            assertArrayEquals(third.hash(), reads.getFirst().anchor().hash());
            assertEquals(5, reads.get(1).anchor().sequence());

            AnchorVerifier verifier = new AnchorVerifier(anchors, log);
            AnchorCheck check = verifier.check(log.verify(0, 0), true);
            assertTrue(check.agrees(), check.failure());
            assertEquals(2, check.checked());
            assertEquals(5, check.lastAnchoredSequence());
        }
    }

    @Test
    void aPerfectRewriteAndACutAreFoundAtTheFirstAnchorTheyCross() throws Exception {
        TestDatabase db = TestDatabase.create();
        String bucketName = s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1);
        AnchorLog anchors = new AnchorLog(new LockedBucket(client, bucketName), AnchorLog.DEFAULT_PREFIX);
        try (Database database = openChain(db)) {
            AuditLog log = new AuditLog(database);
            AuditAnchoring anchoring = new AuditAnchoring(log, anchors, "cp-b", Clock.systemUTC());
            append(database, log, 4);
            anchoring.anchorIfMoved(); // 4
            append(database, log, 4);
            anchoring.anchorIfMoved(); // 8
            append(database, log, 2); // 9, 10 not anchored yet
            AnchorVerifier verifier = new AnchorVerifier(anchors, log);
            assertTrue(verifier.check(log.verify(0, 0), true).agrees());

            // The owner rewrites event 6 and recomputes every later hash: the chain alone verifies ...
            OwnerRewrite.rewriteActor(db, log, 6, "client/mallory");
            ChainCheck chain = log.verify(0, 0);
            assertTrue(chain.valid(), "a perfect rewrite: " + chain.failure());
            // ... but not against anchor 8 (anchor 4 precedes the rewrite and still agrees).
            AnchorCheck rewritten = verifier.check(chain, true);
            assertFalse(rewritten.agrees());
            assertEquals(8L, rewritten.firstDisagreeing().orElseThrow());
            assertTrue(rewritten.failure().contains("the chain was rewritten"), rewritten.failure());
            assertTrue(rewritten.failure().contains("cp-b"), rewritten.failure());
            // A range that ends before the rewrite still checks out.
            assertTrue(verifier.check(log.verify(1, 5), false).agrees());

            // Cutting the log back to before the newest anchor is found too.
            OwnerRewrite.cutAfter(db, log, 3);
            assertTrue(log.verify(0, 0).valid());
            AnchorCheck cut = verifier.check(log.verify(0, 0), true);
            assertEquals(4L, cut.firstDisagreeing().orElseThrow());
            assertTrue(cut.failure().contains("the log ends at event 3, before anchored event 4"), cut.failure());
        }
    }

    @Test
    void somethingUnderThePrefixThatIsNotAnAnchorFailsTheCheck() throws Exception {
        TestDatabase db = TestDatabase.create();
        String bucketName = s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1);
        AnchorLog anchors = new AnchorLog(new LockedBucket(client, bucketName), AnchorLog.DEFAULT_PREFIX);
        try (Database database = openChain(db)) {
            AuditLog log = new AuditLog(database);
            append(database, log, 2);
            client.putObject(b -> b.bucket(bucketName).key(Anchor.key(AnchorLog.DEFAULT_PREFIX, 1))
                    .checksumAlgorithm("SHA256"), RequestBody.fromBytes("{}".getBytes(StandardCharsets.UTF_8)));
            AnchorCheck check = new AnchorVerifier(anchors, log).check(log.verify(0, 0), true);
            assertFalse(check.agrees());
            assertTrue(check.failure().contains("not an anchor"), check.failure());
            // Another sequence than its key names.
            String other = s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1);
            client.putObject(b -> b.bucket(other).key(Anchor.key(AnchorLog.DEFAULT_PREFIX, 1))
                    .checksumAlgorithm("SHA256"), RequestBody.fromBytes(new Anchor(2, log.storedHash(2).orElseThrow(),
                            Instant.now(), "x").toJson()));
            AnchorCheck moved = new AnchorVerifier(new AnchorLog(new LockedBucket(client, other),
                    AnchorLog.DEFAULT_PREFIX), log).check(log.verify(0, 0), true);
            assertTrue(moved.failure().contains("not the one its key names"), moved.failure());
            // An unreachable store: no verdict of agreement.
            AnchorCheck unreadable = new AnchorVerifier(new AnchorLog(new LockedBucket(client, "no-such-bucket-x"),
                    AnchorLog.DEFAULT_PREFIX), log).check(log.verify(0, 0), true);
            assertFalse(unreadable.agrees());
            assertTrue(unreadable.failure().startsWith("the anchors could not be read"), unreadable.failure());
        }
    }
}

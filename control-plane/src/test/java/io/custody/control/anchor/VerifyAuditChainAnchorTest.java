package io.custody.control.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.control.ControlPlane;
import io.custody.control.audit.AuditLog;
import io.custody.control.s3.LockedBucket;
import io.custody.control.s3.ObjectStoreException;
import io.custody.control.testing.ControlPlaneFixture;
import io.custody.control.testing.MotoS3;
import io.custody.control.testing.OwnerRewrite;
import io.custody.control.testing.TestKeys;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.VerifyAuditChainResponse;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * The whole path: a control plane that anchors its chain in moto's object-locked S3, a schema owner
 * who rewrites history perfectly, and VerifyAuditChain over gRPC naming the anchor the rewrite
 * crossed, even after the anchor object is overwritten with the forged hash.
 */
class VerifyAuditChainAnchorTest {
    private static MotoS3 s3;
    private static ControlPlaneFixture fixture;
    private static String bucket;

    @BeforeAll
    static void start() throws Exception {
        s3 = MotoS3.startOrSkip();
        bucket = s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1);
        // A long interval: the test anchors when it wants (and the plane at start and at shutdown).
        fixture = ControlPlaneFixture.start(false, s3.anchorSettings(bucket, Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static VerifyAuditChainResponse verify() {
        return fixture.admin().verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance());
    }

    @Test
    void aRewriteByTheSchemaOwnerIsReportedAgainstTheAnchorItCrossed() throws Exception {
        for (int i = 0; i < 3; i++) {
            fixture.register("client-" + i, TestKeys.ed25519());
        }
        AuditLog log = new AuditLog(fixture.plane().database());
        long anchored = fixture.plane().anchoring().orElseThrow().anchorIfMoved().orElseThrow().sequence();
        assertEquals(log.headSequence(), anchored);
        fixture.register("client-after", TestKeys.ed25519());
        VerifyAuditChainResponse ok = verify();
        assertTrue(ok.getValid(), ok.toString());
        assertEquals(1, ok.getAnchorsChecked());
        assertEquals(anchored, ok.getLastAnchoredSequence());

        // Shutdown anchors the head it leaves behind; the next start checks against both.
        long headAtStop = log.headSequence();
        fixture.stopPlane();
        AnchorLog anchors = new AnchorLog(new LockedBucket(s3.admin(), bucket), AnchorLog.DEFAULT_PREFIX);
        assertEquals(List.of(anchored, headAtStop), anchors.readAll().stream().map(r -> r.anchor().sequence()).toList());
        fixture.startPlane(p -> p, null);
        VerifyAuditChainResponse restarted = verify();
        assertTrue(restarted.getValid(), restarted.toString());
        assertEquals(2, restarted.getAnchorsChecked());
        assertEquals(headAtStop, restarted.getLastAnchoredSequence());

        log = new AuditLog(fixture.plane().database());
        // An auditor outside the host: the events over gRPC, the anchors with read-only credentials.
        OutsideAudit auditor = new OutsideAudit(fixture.admin(), anchors);
        OutsideAudit.Finding honest = auditor.run();
        assertTrue(honest.valid(), honest.problem());
        assertEquals(log.headSequence(), honest.events());
        assertEquals(2, honest.anchorsChecked());

        // The owner rewrites event 2 and recomputes every hash after it: the stored chain is whole ...
        OwnerRewrite.rewriteActor(fixture.database, log, 2, "operator/mallory");
        assertTrue(log.verify(0, 0).valid());
        // ... and VerifyAuditChain says it is not the anchored one.
        VerifyAuditChainResponse rewritten = verify();
        assertFalse(rewritten.getValid());
        assertEquals(0, rewritten.getFirstInvalidSequence(), "every hash and link is consistent");
        assertEquals(anchored, rewritten.getFirstDisagreeingAnchor());
        assertTrue(rewritten.getFailure().contains("event " + anchored + " has hash"), rewritten.getFailure());
        assertTrue(rewritten.getFailure().contains("the chain was rewritten"), rewritten.getFailure());

        // The auditor, who reads the events as served, finds it too.
        OutsideAudit.Finding found = auditor.run();
        assertFalse(found.valid());
        assertTrue(found.problem().contains("event " + anchored + " has hash"), found.problem());
        assertEquals(anchored - 1, found.events(), "events checked before the first disagreement");

        // Whoever holds the anchor writer's credentials overwrites the anchor with the forged hash:
        // a new version, which does not count.
        byte[] forged = log.storedHash(anchored).orElseThrow();
        try (S3Client writer = s3.client()) {
            writer.putObject(b -> b.bucket(bucket).key(Anchor.key(AnchorLog.DEFAULT_PREFIX, anchored))
                    .checksumAlgorithm("SHA256"), RequestBody.fromBytes(new Anchor(anchored, forged, Instant.now(),
                            "cp-test").toJson()));
        }
        VerifyAuditChainResponse stillRewritten = verify();
        assertFalse(stillRewritten.getValid());
        assertEquals(anchored, stillRewritten.getFirstDisagreeingAnchor());
        assertFalse(auditor.run().valid());
    }

    @Test
    void theControlPlaneRefusesABucketThatDoesNotLock() {
        String plain = s3.plainBucket();
        ObjectStoreException.NotLocked e = assertThrows(ObjectStoreException.NotLocked.class, () -> ControlPlane.start(
                fixture.settings().withAnchoring(s3.anchorSettings(plain, Duration.ofHours(1))),
                fixture.nats.connect(io.custody.control.testing.TestNatsPlane.CONTROL_USER),
                InProcessServerBuilder.forName("refused-" + plain), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("Object Lock"), e.getMessage());
    }
}

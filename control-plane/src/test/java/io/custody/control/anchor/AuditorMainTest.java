package io.custody.control.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.testing.ControlPlaneFixture;
import io.custody.control.testing.MotoS3;
import io.custody.control.testing.OwnerRewrite;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * {@code AuditorMain} as an auditor runs it: its own JVM, the control plane on Netty (plaintext),
 * anchors in moto read with credentials from the environment. Skipped when moto_server is missing.
 */
class AuditorMainTest {
    private static MotoS3 s3;
    private static ControlPlaneFixture fixture;
    private static String bucket;
    private static String endpoint;

    @BeforeAll
    static void start() throws Exception {
        s3 = MotoS3.startOrSkip();
        bucket = s3.lockedBucket(ObjectLockRetentionMode.COMPLIANCE, 1);
        var settings = s3.anchorSettings(bucket, Duration.ofHours(1));
        endpoint = settings.endpoint().orElseThrow().toString();
        fixture = ControlPlaneFixture.start(false, settings);
        fixture.stopPlane();
        fixture.startPlane(UnaryOperator.identity(), NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create()));
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

    private record Run(int exit, String out) {}

    private static Run auditor() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, AuditorMain.class.getName(),
                "--target", "127.0.0.1:" + fixture.plane().server().getPort(),
                "--anchor-bucket", bucket, "--anchor-endpoint", endpoint, "--anchor-region", MotoS3.REGION)
                .redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void theAuditorSeesAValidChainThenTheOwnersRewrite() throws Exception {
        // Events straight through the plane's audit log (the fixture's client stubs are in-process only).
        AuditLog log = new AuditLog(fixture.plane().database());
        for (int i = 0; i < 4; i++) {
            fixture.plane().database().inTransaction(tx -> log.append(tx,
                    AuditEntry.of("system", "test.append", "tests/auditor", "", Map.of())));
        }
        long anchored = fixture.plane().anchoring().orElseThrow().anchorIfMoved().orElseThrow().sequence();
        fixture.plane().database().inTransaction(tx -> log.append(tx,
                AuditEntry.of("system", "test.append", "tests/auditor", "", Map.of())));

        Run valid = auditor();
        assertEquals(0, valid.exit(), valid.out());
        assertTrue(valid.out().contains("audit chain  VALID"), valid.out());
        assertTrue(valid.out().contains("anchors      1 checked, newest anchored event " + anchored), valid.out());

        OwnerRewrite.rewriteActor(fixture.database, log, 1, "operator/mallory");
        Run rewritten = auditor();
        assertEquals(AuditorMain.EXIT_NOT_VALID, rewritten.exit(), rewritten.out());
        assertTrue(rewritten.out().contains("event " + anchored + " has hash"), rewritten.out());
        assertTrue(rewritten.out().contains("the chain was rewritten"), rewritten.out());
        assertTrue(List.of(rewritten.out().split("\n")).stream().noneMatch(l -> l.contains("testing")),
                "no credential in the output");
    }
}

package io.custody.e2e;

import static io.custody.e2e.SignerPlane.lap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.nats.SubjectPlan;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.nats.client.PublishOptions;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 4: a refresh across all five nodes while signing continues; afterwards the old
 * shares are retired and signing uses the new ones. On the {@link SignerPlane} (five
 * {@code SignerMain} processes, enclaves, nats-server, KMS emulator, Postgres): a 3-of-5 DKG,
 * then sign jobs published every 100 ms while refresh jobs go to all five nodes; the new version
 * is stored pending and signs nothing until the control plane (this harness) has seen all five
 * agree and activates it, which retires version 1 in every node's store. Every job gets exactly
 * one signature under the unchanged public key; jobs after the activation are signed with version
 * 2, a job that insists on version 1 is refused, and a restarted node reopens version 2.
 */
class RefreshWhileSigningTest {
    private static SignerPlane plane;

    @BeforeAll
    static void startEverything() throws Exception {
        plane = new SignerPlane("wallet-refresh");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void aRefreshAcrossAllFiveWhileSigningGoesOnRetiresTheOldSharesAndSignsWithTheNewOnes() throws Exception {
        long start = System.nanoTime();
        byte[] publicKey = plane.runDkg();
        lap("DKG 3-of-5, version 1 active", start);

        Map<String, byte[]> during = new ConcurrentSkipListMap<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = Thread.ofVirtual().name("sign-publisher").start(() -> {
            for (int i = 0; publishing.get(); i++) {
                String jobId = "sign-during-" + i + "-" + System.nanoTime();
                byte[] hash = SignerPlane.randomHash();
                try {
                    plane.publishSign(jobId, hash);
                    during.put(jobId, hash);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Thread.sleep(1_000);
        plane.refresh(1, publicKey);
        lap("refresh on all five: version 2 stored pending everywhere, " + during.size() + " sign jobs so far", start);
        long signedWithV1 = signedWith(during, 1);
        plane.activate(2, publicKey);
        lap("version 2 activated on all five", start);
        Thread.sleep(1_000);
        publishing.set(false);
        publisher.join();
        plane.awaitSigned(during, Set.of(1, 2, 3, 4, 5));
        lap(during.size() + " jobs published during refresh and activation signed; " + signedWithV1
                + " were signed with version 1 before the activation", start);
        assertTrue(signedWithV1 > 0, "signing went on during the refresh");

        Map<String, byte[]> after = plane.awaitSigned(plane.publish("after", 10), Set.of(1, 2, 3, 4, 5));
        assertEquals(after.size(), signedWith(after, 2), "after the activation every job signs with version 2");
        assertEquals(SignerPlane.N, plane.sharesIn(1, "retired"), "version 1 is retired on every node");
        assertEquals(SignerPlane.N, plane.sharesIn(2, "active"), "version 2 is active on every node");

        String oldVersion = "sign-v1-" + System.nanoTime();
        Job pool = plane.signJob(oldVersion, SignerPlane.randomHash());
        Job insisting = pool.toBuilder().setSign(pool.getSign().toBuilder().setShareVersion(1)).build();
        plane.controlPlane.jetStream().publish(SubjectPlan.poolJobSubject(JobKind.SIGN), insisting.toByteArray(),
                PublishOptions.builder().messageId(oldVersion).build());
        JobResult refused = plane.terminal(oldVersion).get(30, TimeUnit.SECONDS);
        assertEquals(FailureCode.FAILURE_CODE_SHARE_UNAVAILABLE, refused.getFailure().getCode(), refused::toString);
        assertTrue(refused.getFailure().getMessage().contains("retired"), refused::toString);
        lap("a job that insists on version 1: " + refused.getFailure().getMessage(), start);

        plane.kill(2);
        plane.startNodes(List.of(2)); // a new enclave too: the share can only come from the store
        String log = Files.readString(plane.signerLog(2));
        assertTrue(log.contains("1 wallets reopened"), () -> "s2 did not reopen its share:\n" + log);
        Map<String, byte[]> restarted = new TreeMap<>();
        for (int i = 0; i < 6; i++) { // directed at s2, so the restarted node coordinates with version 2
            String jobId = "sign-s2-" + i + "-" + System.nanoTime();
            byte[] hash = SignerPlane.randomHash();
            plane.controlPlane.jetStream().publish(SubjectPlan.jobSubject("s2", JobKind.SIGN),
                    plane.signJob(jobId, hash).toByteArray(), PublishOptions.builder().messageId(jobId).build());
            restarted.put(jobId, hash);
        }
        plane.awaitSigned(restarted, Set.of(1, 2, 3, 4, 5));
        assertEquals(restarted.size(), signedWith(restarted, 2), "the restarted node signs with version 2");
        lap("s2 restarted with a new enclave, reopened version 2 and coordinated 6 jobs with it", start);

        Thread.sleep(500); // a late duplicate, if any, would show up now
        Map<String, byte[]> all = new TreeMap<>(during);
        all.putAll(after);
        all.putAll(restarted);
        for (var job : all.entrySet()) {
            plane.assertExactlyOneSignature(job.getKey(), job.getValue(), publicKey);
        }
        assertFalse(plane.natsLogs().contains("Violation"), "a client exceeded its generated permissions");
    }

    /** How many of {@code jobs} have a signature made with share version {@code version}. */
    private static long signedWith(Map<String, byte[]> jobs, int version) {
        return jobs.keySet().stream().filter(id -> plane.results.getOrDefault(id, List.of()).stream()
                .anyMatch(r -> r.hasSign() && r.getSign().getShareVersion() == version)).count();
    }

}

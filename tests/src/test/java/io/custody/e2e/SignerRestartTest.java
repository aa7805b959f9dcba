package io.custody.e2e;

import static io.custody.e2e.SignerPlane.lap;
import static io.custody.e2e.SignerPlane.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.mpc.v1.JobResult;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 4 (kill/restart), with signer nodes as real processes ({@link SignerPlane}:
 * nats-server on the {@code custodyctl nats-config} plane, five enclave processes, the KMS
 * emulator and the Postgres share store). A 3-of-5 DKG through jobs (every node stores and
 * activates its sealed share); sign jobs; SIGKILL of two signers while sessions run: signing goes
 * on with three, and every job that was in flight ends signed once or failed closed (never both,
 * never lost);
 * SIGKILL of a third, new jobs wait in JOBS and none is signed; the three killed nodes come back
 * with <em>new</em> enclave processes (nothing in memory survives), reopen their shares from the
 * store through KMS (Decrypt for the new enclave's attestation, open_share) and the backlog
 * drains: every job gets exactly one signature, which verifies independently.
 */
class SignerRestartTest {
    private static SignerPlane plane;

    @BeforeAll
    static void startEverything() throws Exception {
        plane = new SignerPlane("wallet-restart");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void killedSignersComeBackFromTheStoreAndTheBacklogDrainsWithOneSignaturePerJob() throws Exception {
        long start = System.nanoTime();
        byte[] publicKey = plane.runDkg();
        lap("DKG 3-of-5 via jobs, shares stored and active", start);

        Map<String, byte[]> all = new TreeMap<>();
        all.putAll(plane.awaitSigned(plane.publish("five", 6), Set.of(1, 2, 3, 4, 5)));
        lap("6 sign jobs, five signers", start);

        Map<String, byte[]> inFlight = plane.publish("midrun", 12);
        Thread.sleep(400); // some sessions are running now
        plane.kill(4);
        plane.kill(5);
        all.putAll(plane.awaitSigned(plane.publish("three", 6), Set.of(1, 2, 3)));
        lap("6 sign jobs after SIGKILL of s4 and s5", start);
        int failedClosed = 0;
        for (var job : inFlight.entrySet()) { // a job the killed nodes were in: redelivered after ack_wait
            JobResult end = plane.terminal(job.getKey()).get(90, TimeUnit.SECONDS);
            if (end.hasSign()) {
                continue; // checked for exactly one signature below
            }
            failedClosed++;
            assertFalse(end.getFailure().getRetryable(), end::toString);
            assertTrue(plane.results.get(job.getKey()).stream().noneMatch(JobResult::hasSign),
                    () -> job.getKey() + " both failed closed and signed: " + plane.results.get(job.getKey()));
        }
        lap("12 jobs in flight at the SIGKILL: " + (inFlight.size() - failedClosed) + " signed, " + failedClosed
                + " failed closed (a killed member had released its last-round message), none lost", start);

        plane.kill(3);
        Map<String, byte[]> backlog = plane.publish("backlog", 5);
        Thread.sleep(5_000);
        for (String jobId : backlog.keySet()) {
            assertTrue(plane.results.getOrDefault(jobId, List.of()).stream().noneMatch(JobResult::hasSign),
                    () -> jobId + " was signed by fewer than t live signers");
        }
        assertTrue(plane.jobsInStream() >= backlog.size(), "the backlog waits in JOBS");
        lap("5 sign jobs with two signers left: none signed in 5 s", start);

        plane.startNodes(List.of(3, 4, 5)); // new enclave processes too: the shares can only come from the store
        for (int party : List.of(3, 4, 5)) {
            String log = Files.readString(plane.signerLog(party));
            assertTrue(log.contains("1 wallets reopened"), () -> nodeId(party) + " did not reopen its share:\n" + log);
        }
        lap("s3, s4, s5 restarted with new enclaves, shares reopened", start);
        all.putAll(plane.awaitSigned(backlog, Set.of(1, 2, 3, 4, 5)));
        lap("backlog drained", start);

        Thread.sleep(500); // a late duplicate, if any, would show up now
        for (var job : all.entrySet()) {
            plane.assertExactlyOneSignature(job.getKey(), job.getValue(), publicKey);
        }
        for (var job : inFlight.entrySet()) { // killed members may not have reported: at least one did
            if (plane.results.get(job.getKey()).stream().anyMatch(JobResult::hasSign)) {
                plane.assertExactlyOneSignature(job.getKey(), job.getValue(), publicKey, 1);
            }
        }
        assertEquals(0, plane.awaitJobsDrained(Duration.ofSeconds(45)), "every job was acked");
        String serverLog = plane.natsLogs();
        assertFalse(serverLog.contains("Violation"), () -> "a client exceeded its generated permissions:\n"
                + serverLog.lines().filter(l -> l.contains("Violation")).toList());
    }
}

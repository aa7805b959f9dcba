package io.custody.e2e;

import static io.custody.e2e.SignerPlane.lap;
import static io.custody.e2e.SignerPlane.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.mpc.v1.Heartbeat;
import io.custody.proto.mpc.v1.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 4 (DKG, then signatures over varying quorums) and item 5 (the figures), on the
 * {@link SignerPlane}: nats-server with the generated accounts and NKeys, five enclave processes,
 * five {@code SignerMain} processes, the KMS emulator and Postgres. A 3-of-5 DKG through per-node
 * jobs, accepted and activated; then sign jobs from the shared pool consumer at concurrency 1, 8
 * and 32 ({@link ClosedLoopLoad}; job counts {@code -Dcustody.load.c1}, {@code .c8},
 * {@code .c32}); every job has exactly one signature, verified independently, and the quorums vary;
 * every node's heartbeat reports a READY enclave; then two signers are killed, the other three
 * keep signing and keep sending heartbeats, and the killed ones fall silent. The figures go to stdout and
 * {@code target/signing-load.txt}.
 */
class SigningOverNatsTest {
    private static final int[][] LOAD = {
            {1, Integer.getInteger("custody.load.c1", 10)},
            {8, Integer.getInteger("custody.load.c8", 40)},
            {32, Integer.getInteger("custody.load.c32", 96)}};
    private static SignerPlane plane;

    @BeforeAll
    static void startEverything() throws Exception {
        plane = new SignerPlane("wallet-nats");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void aDkgThenSignaturesFromVaryingQuorumsAtConcurrency1And8And32ThenWithTwoSignersKilled() throws Exception {
        long start = System.nanoTime();
        byte[] publicKey = plane.runDkg();
        long dkgMillis = (System.nanoTime() - start) / 1_000_000;
        lap("DKG 3-of-5 over NATS, accepted and activated", start);

        List<String> figures = new ArrayList<>();
        figures.add("DKG 3-of-5 over NATS (jobs to all five, results, activation): " + dkgMillis + " ms");
        Map<String, byte[]> all = new TreeMap<>();
        for (int[] load : LOAD) {
            ClosedLoopLoad.Report report = ClosedLoopLoad.run(plane, "c" + load[0], load[0], load[1], all);
            figures.add("5 signers, " + report.line());
            lap(report.line(), start);
        }
        Thread.sleep(500); // a late duplicate, if any, would show up now
        Set<List<String>> quorums = new HashSet<>();
        for (var job : all.entrySet()) {
            plane.assertExactlyOneSignature(job.getKey(), job.getValue(), publicKey);
            plane.results.get(job.getKey()).stream().filter(JobResult::hasSign).findFirst()
                    .ifPresent(r -> quorums.add(r.getSign().getQuorumNodeIdsList()));
        }
        lap(all.size() + " signatures verified, from " + quorums.size() + " different quorums: " + quorums, start);
        assertTrue(quorums.size() >= 3, () -> "quorums do not vary: " + quorums);
        Set<String> signers = new HashSet<>();
        quorums.forEach(signers::addAll);
        assertEquals(Set.copyOf(SignerPlane.allNodeIds()), signers, "every node took part in some quorum");

        for (String node : SignerPlane.allNodeIds()) { // heartbeats: every node, its enclave READY, capacity
            Heartbeat beat = plane.awaitHeartbeat(node, 0, Duration.ofSeconds(10));
            assertEquals(EnclaveState.ENCLAVE_STATE_READY, beat.getEnclaveState(), node);
            assertEquals(48, beat.getEnclavePcr0().size(), node); // SHA-384
            assertTrue(beat.getFreeSessionSlots() > 0, node);
        }

        plane.kill(4);
        plane.kill(5);
        long killed = System.currentTimeMillis();
        Map<String, byte[]> afterKill = new TreeMap<>();
        ClosedLoopLoad.Report three = ClosedLoopLoad.run(plane, "three", 4, 12, afterKill);
        figures.add("3 signers (s4, s5 killed), " + three.line());
        Thread.sleep(500);
        for (var job : afterKill.entrySet()) {
            plane.assertExactlyOneSignature(job.getKey(), job.getValue(), publicKey);
            JobResult first = plane.results.get(job.getKey()).stream().filter(JobResult::hasSign).findFirst()
                    .orElseThrow();
            assertEquals(List.of(nodeId(1), nodeId(2), nodeId(3)), first.getSign().getQuorumNodeIdsList());
        }
        lap(three.line() + " after SIGKILL of s4 and s5", start);
        for (int party : new int[] {1, 2, 3}) {
            plane.awaitHeartbeat(nodeId(party), killed, Duration.ofSeconds(10));
        }
        for (int party : new int[] {4, 5}) {
            assertTrue(plane.heartbeats.get(nodeId(party)).getUnixMillis() <= killed, "a killed node fell silent");
        }
        lap("heartbeats go on from s1..s3 and stopped from s4, s5", start);

        assertEquals(0, plane.jobsInStream(), "every job was acked (work queue empty)");
        String serverLog = plane.natsLogs();
        assertFalse(serverLog.contains("Violation"), () -> "a client exceeded its generated permissions:\n"
                + serverLog.lines().filter(l -> l.contains("Violation")).toList());
        Files.write(Path.of("target", "signing-load.txt"), figures);
        figures.forEach(System.out::println);
    }
}

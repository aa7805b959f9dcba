package io.custody.e2e;

import static io.custody.e2e.SignerPlane.N;
import static io.custody.e2e.SignerPlane.T;
import static io.custody.e2e.SignerPlane.lap;
import static io.custody.enclave.authz.TestClient.SIGN_ETHEREUM_TRANSACTION;
import static io.custody.enclave.authz.TestClient.SIGN_MESSAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.cli.nats.SubjectPlan;
import io.custody.cli.nats.SubjectPlan.JobKind;
import io.custody.enclave.authz.TestClient;
import io.custody.enclave.authz.TestRequests;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.ethereum.Bip32;
import io.custody.proto.ethereum.SigningPayloads;
import io.custody.proto.mpc.v1.FailureCode;
import io.custody.proto.mpc.v1.Job;
import io.custody.proto.mpc.v1.JobResult;
import io.custody.proto.mpc.v1.SignJob;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.WalletGovernance;
import io.nats.client.PublishOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, item 3, end to end on the {@link SignerPlane} (five {@code SignerMain} processes,
 * enclaves, nats-server, KMS emulator, Postgres; this harness is the control plane): a DKG job
 * carrying a wallet governance (one Ed25519 client key) makes shares bound to it, every node
 * reports the same chain code and stores governance and chain code beside its blob. A sign job
 * carrying the client's signed EIP-1559 request (no hash at all) is signed exactly once, under the
 * key at the request's derivation path. A job whose request the control plane altered after the
 * client signed it, and a job with a bare hash, fail with FAILURE_CODE_UNAUTHORIZED at every
 * member of the quorum and produce no signature. After all five nodes restart with new enclaves,
 * the shares reopen from the store (governance and chain code are in their associated data) and
 * a signed message is signed.
 */
class GovernedSigningTest {
    private static SignerPlane plane;
    private static TestClient client;

    @BeforeAll
    static void startEverything() throws Exception {
        plane = new SignerPlane("wallet-governed");
        client = TestClient.ed25519();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void onlyWhatTheClientSignedIsSignedAndAnAlteredRequestFailsEverywhere() throws Exception {
        long start = System.nanoTime();
        WalletGovernance governance = WalletGovernance.newBuilder().addSigningKeys(client.publicKey()).build();
        List<JobResult> dkg = plane.dkg(governance);
        byte[] publicKey = SignerPlane.agreed(dkg, r -> r.getDkg().getPublicKey(), "public key");
        byte[] chainCode = SignerPlane.agreed(dkg, r -> r.getDkg().getChainCode(), "chain code");
        assertEquals(32, chainCode.length, "every node reports the wallet's chain code");
        plane.activate(1, publicKey);
        for (Record row : plane.db.superuserSql().fetch(
                "select governance, chain_code from key_shares where wallet_id = ?", plane.wallet)) {
            assertEquals(governance, WalletGovernance.parseFrom((byte[]) row.get(0)));
            assertArrayEquals(chainCode, (byte[]) row.get(1));
        }
        lap("governed DKG 3-of-5, chain code agreed, version 1 active", start);

        EthereumTransaction tx = TestRequests.eip1559();
        List<Integer> path = List.of(0, 1);
        String signedJob = publish("tx", client.authorized(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(plane.wallet, tx, path)), null);
        plane.awaitResults(signedJob, signatures(T), Duration.ofSeconds(60));
        plane.assertExactlyOneSignature(signedJob, SigningPayloads.digest(tx),
                Bip32.derivePublic(publicKey, chainCode, path).publicKey());
        lap("a client-signed EIP-1559 request at m/0/1 signed once", start);

        SignEthereumTransactionRequest signed = client.sign(SIGN_ETHEREUM_TRANSACTION,
                TestRequests.transaction(plane.wallet, tx, path));
        SignEthereumTransactionRequest altered = signed.toBuilder().setEthereumTransaction(tx.toBuilder()
                .setEip1559(tx.getEip1559().toBuilder().setTo("0x00000000000000000000000000000000000000aa"))).build();
        String alteredJob = publish("altered", TestClient.wrap(SIGN_ETHEREUM_TRANSACTION, altered), null);
        assertRefusedEverywhere(alteredJob);
        String bareJob = publish("bare", null, SignerPlane.randomHash());
        assertRefusedEverywhere(bareJob);
        lap("an altered request and a bare hash: UNAUTHORIZED at every member, no signature", start);

        for (int party = 1; party <= N; party++) {
            plane.kill(party);
        }
        plane.startNodes(List.of(1, 2, 3, 4, 5)); // new enclaves: shares, governance and chain code come from the store
        for (int party = 1; party <= N; party++) {
            String log = Files.readString(plane.signerLog(party));
            assertTrue(log.contains("1 wallets reopened"), () -> "did not reopen its share:\n" + log);
        }
        SignMessageRequest message = TestRequests.message(plane.wallet, "after the restart", List.of());
        String afterRestart = publish("message", client.authorized(SIGN_MESSAGE, message), null);
        plane.awaitResults(afterRestart, signatures(T), Duration.ofSeconds(60));
        plane.assertExactlyOneSignature(afterRestart, SigningPayloads.digest(message.getPersonalMessage()), publicKey);
        assertRefusedEverywhere(publish("bare-after-restart", null, SignerPlane.randomHash()));
        lap("all five restarted with new enclaves: governed signing goes on, bare hashes still refused", start);
    }

    /** A pool sign job with the client's request and/or a host hash. */
    private static String publish(String label, AuthorizedRequest request, byte[] hash) throws Exception {
        String jobId = "sign-" + label + "-" + System.nanoTime();
        SignJob.Builder sign = SignJob.newBuilder().setWalletId(plane.wallet);
        if (request != null) {
            sign.setRequest(request);
        }
        if (hash != null) {
            sign.setMessageHash(ByteString.copyFrom(hash));
        }
        Job job = Job.newBuilder().setJobId(jobId).setCreatedUnixMillis(System.currentTimeMillis()).setSign(sign).build();
        plane.controlPlane.jetStream().publish(SubjectPlan.poolJobSubject(JobKind.SIGN), job.toByteArray(),
                PublishOptions.builder().messageId(jobId).build());
        return jobId;
    }

    /** Every member of the quorum (t nodes) reports a non-retryable UNAUTHORIZED failure; nobody signs. */
    private static void assertRefusedEverywhere(String jobId) throws Exception {
        List<JobResult> failed = plane.awaitResults(jobId,
                list -> list.stream().filter(JobResult::hasFailure).map(JobResult::getNodeId).distinct().count() >= T,
                Duration.ofSeconds(60));
        Thread.sleep(500); // a late signature, if any, would show up now
        List<JobResult> all = plane.results.getOrDefault(jobId, List.of());
        assertTrue(all.stream().noneMatch(JobResult::hasSign), () -> jobId + " was signed: " + all);
        Set<String> members = new HashSet<>();
        for (JobResult result : failed) {
            assertEquals(FailureCode.FAILURE_CODE_UNAUTHORIZED, result.getFailure().getCode(), result::toString);
            assertFalse(result.getFailure().getRetryable(), result::toString);
            members.add(result.getNodeId());
        }
        assertEquals(T, members.size(), () -> "every member reports the refusal: " + failed);
        assertTrue(SignerPlane.allNodeIds().containsAll(members), members::toString);
    }

    private static java.util.function.Predicate<List<JobResult>> signatures(int count) {
        return list -> list.stream().filter(JobResult::hasSign).count() >= count;
    }
}

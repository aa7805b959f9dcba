package io.custody.control.api;

import static io.custody.control.api.CustodyApiTest.digestRequest;
import static io.custody.control.api.CustodyApiTest.randomDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.control.nats.JobPublisher;
import io.custody.control.testing.ControlPlaneFixture;
import io.custody.control.testing.TestKeys;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.nats.NatsSubjects;
import io.custody.proto.v1.GetSigningRequestRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4: a control plane that stops with requests in flight loses none. Some requests'
 * jobs never reached JetStream (the publish was lost, as in a crash between commit and publish);
 * others were published and signed while no control plane ran, their results waiting in RESULTS.
 * After a restart every one of them is SIGNED, each by exactly one job.
 */
class RestartTest {

    /** Publishes nothing for sign jobs: what a crash right after the commit leaves behind. */
    private static final UnaryOperator<JobPublisher> LOSE_SIGN_JOBS = real -> (subject, id, job) -> {
        if (subject.equals(NatsSubjects.poolJobSubject(NatsSubjects.KIND_SIGN))) {
            throw new JobPublisher.JobPublishException("simulated crash before the publish", null);
        }
        real.publish(subject, id, job);
    };

    @Test
    void requestsInFlightSurviveARestart() throws Exception {
        try (ControlPlaneFixture fixture = ControlPlaneFixture.start(false)) {
            TestKeys alice = TestKeys.ed25519();
            fixture.register("alice", alice);
            Wallet wallet = fixture.createWallet(alice, true).getWallet();

            // 1. published, then signed while no control plane is running
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                published.add(fixture.custody().signDigest(digestRequest(alice, wallet.getWalletId(), randomDigest()))
                        .getSigningRequest().getRequestId());
            }
            // 2. accepted, but the job never reached JetStream
            fixture.stopPlane();
            fixture.startPlane(LOSE_SIGN_JOBS, null);
            List<String> lost = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SigningRequest r = fixture.custody().signDigest(digestRequest(alice, wallet.getWalletId(),
                        randomDigest())).getSigningRequest();
                assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_QUEUED, r.getState());
                lost.add(r.getRequestId());
            }
            fixture.stopPlane();

            fixture.signers.startSigning();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!published.stream().allMatch(fixture.signers.signJobsReceived::containsKey)) {
                assertTrue(System.nanoTime() < until, "the published jobs are signed while the control plane is down");
                Thread.sleep(50);
            }
            assertTrue(lost.stream().noneMatch(fixture.signers.signJobsReceived::containsKey), "lost jobs never arrived");

            fixture.startPlane(UnaryOperator.identity(), null);
            List<String> all = new ArrayList<>(published);
            all.addAll(lost);
            for (String id : all) {
                assertEquals(SigningRequestState.SIGNING_REQUEST_STATE_SIGNED, awaitTerminal(fixture, id).getState(), id);
            }
            Thread.sleep(500);
            for (String id : all) {
                assertEquals(1, fixture.signers.signJobsReceived.get(id).get(), id + ": one job, however often published");
            }
            assertTrue(fixture.admin().verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance()).getValid());
        }
    }

    private static SigningRequest awaitTerminal(ControlPlaneFixture fixture, String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            SigningRequest r = fixture.custody().getSigningRequest(GetSigningRequestRequest.newBuilder()
                    .setRequestId(id).build()).getSigningRequest();
            if (r.getState() == SigningRequestState.SIGNING_REQUEST_STATE_SIGNED
                    || r.getState() == SigningRequestState.SIGNING_REQUEST_STATE_FAILED) {
                return r;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("not terminal after the restart: " + r);
            }
            Thread.sleep(50);
        }
    }
}

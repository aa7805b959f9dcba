package io.custody.signer.nats;

import io.custody.proto.enclave.v1.Protocol;
import io.custody.signer.enclave.EnclaveClient;
import io.custody.signer.session.Mailboxes;
import io.custody.signer.session.PartyRun;
import io.custody.signer.session.RoundTransport;
import io.custody.signer.session.SessionOutcome;
import io.custody.signer.session.SessionPlan;
import io.custody.signer.session.SessionSlots;
import io.custody.signer.session.StagedShares;
import io.custody.signer.session.WalletHoldings;
import io.nats.client.Connection;
import java.security.SecureRandom;
import java.time.Duration;

/** What the job handlers of one node share. */
record NodeContext(String selfNodeId, Connection connection, EnclaveClient enclave, RoundTransport transport,
                   Mailboxes mailboxes, WalletHoldings holdings, StagedShares staged, SessionSlots slots, ResultPublisher results,
                   Timeouts timeouts, FinishedJobs finishedJobs, RunningJobs runningJobs) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param phase per signing phase; @param proposal for quorum forming and attestation queries */
    record Timeouts(Duration phase, Duration proposal) {
        /** A floor for DKG and refresh phases, whatever the signing phase timeout. */
        static final Duration KEYGEN_PHASE_FLOOR = Duration.ofSeconds(60);

        /**
         * Per DKG or refresh phase: those phases run the pairwise OT setup of all n parties (about
         * 8 s of CPU for a 3-of-5 DKG in one process, JMH), which a loaded host stretches well past
         * a signing phase's budget.
         */
        Duration keygenPhase() {
            Duration scaled = phase.multipliedBy(6);
            return scaled.compareTo(KEYGEN_PHASE_FLOOR) > 0 ? scaled : KEYGEN_PHASE_FLOOR;
        }
    }

    SessionOutcome run(SessionPlan plan) throws InterruptedException {
        Duration perPhase = plan.start().getProtocol() == Protocol.PROTOCOL_SIGN ? timeouts.phase()
                : timeouts.keygenPhase();
        return new PartyRun(plan, enclave::step, transport, mailboxes, perPhase).run();
    }

    /** A fresh attestation document of this node's enclave (random nonce). */
    byte[] attest() throws Exception {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return enclave.attest(nonce);
    }
}

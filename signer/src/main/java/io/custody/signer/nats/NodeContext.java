package io.custody.signer.nats;

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

    /** @param phase per session phase; @param proposal for quorum forming and attestation queries */
    record Timeouts(Duration phase, Duration proposal) {}

    SessionOutcome run(SessionPlan plan) throws InterruptedException {
        return new PartyRun(plan, enclave::step, transport, mailboxes, timeouts.phase()).run();
    }

    /** A fresh attestation document of this node's enclave (random nonce). */
    byte[] attest() throws Exception {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return enclave.attest(nonce);
    }
}

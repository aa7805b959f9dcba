package io.custody.control.signing;

import io.custody.control.Changes;
import io.custody.control.ControlPlaneException;
import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.auth.Authenticated;
import io.custody.control.nats.JobDispatch;
import io.custody.control.store.Database;
import io.custody.control.store.IdempotencyStore;
import io.custody.control.store.SigningRequestStore;
import io.custody.control.store.StoredSigningRequest;
import io.custody.control.store.StoredSigningRequest.State;
import io.custody.control.store.StoredWallet;
import io.custody.control.store.WalletStore;
import io.custody.control.wallet.WalletService;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepts signing requests: RECEIVED (durable, audited) in one transaction, then QUEUED in the
 * next (there is no policy plane yet, so every request is queued at once; the policy step will sit
 * between the two), then the pool SignJob is published. The answer is given only after the first
 * transaction committed, so an accepted request is never lost: anything not yet published is
 * published again at start-up and by the re-driver.
 */
public final class SigningService {

    private final Database database;
    private final AuditLog audit;
    private final IdempotencyStore idempotency;
    private final WalletStore wallets;
    private final SigningRequestStore requests;
    private final JobDispatch dispatch;
    private final Changes changes;
    private final Duration deadline;

    public SigningService(Database database, AuditLog audit, IdempotencyStore idempotency, WalletStore wallets,
            SigningRequestStore requests, JobDispatch dispatch, Changes changes, Duration deadline) {
        this.database = database;
        this.audit = audit;
        this.idempotency = idempotency;
        this.wallets = wallets;
        this.requests = requests;
        this.dispatch = dispatch;
        this.changes = changes;
        this.deadline = deadline;
    }

    /**
     * @throws ControlPlaneException.NotFound for an unknown wallet
     * @throws ControlPlaneException.PermissionDenied if the key is not in the wallet's governance
     * @throws ControlPlaneException.FailedPrecondition for a raw digest the governance forbids, or a
     *     wallet without a key
     * @throws ControlPlaneException.AlreadyExists if the idempotency key was used for other bytes
     */
    public StoredSigningRequest submit(SignCommand command) {
        Authenticated caller = command.caller();
        StoredWallet wallet = wallets.get(command.walletId()).orElseThrow(
                () -> new ControlPlaneException.NotFound("wallet " + command.walletId() + " does not exist"));
        WalletService.requireGovernanceKey(wallet, caller);
        if (command.kind() == SignKind.RAW_DIGEST && !wallet.allowRawDigest()) {
            throw new ControlPlaneException.FailedPrecondition("wallet " + wallet.walletId()
                    + " does not allow raw digest signing (governance.allow_raw_digest_signing)");
        }
        if (!wallet.hasKey()) {
            throw new ControlPlaneException.FailedPrecondition("wallet " + wallet.walletId() + " is "
                    + wallet.state() + "; it signs once ACTIVE");
        }
        String requestId = "sr-" + UUID.randomUUID();
        String resource = "signing_requests/" + requestId;
        Optional<String> earlier = database.inTransaction(tx -> {
            Instant now = database.now();
            Optional<String> claimed = idempotency.claim(tx, caller.key().keyId(), command.idempotencyKey(),
                    command.kind().method(), caller.signedBytesSha256(), resource, now);
            if (claimed.isPresent()) {
                return claimed;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("wallet", "wallets/" + wallet.walletId());
            details.put("method", command.kind().method());
            details.put("client_key_id", caller.key().keyId());
            details.put("digest", HexFormat.of().formatHex(command.digest()));
            details.put("state", State.RECEIVED.name());
            audit.append(tx, AuditEntry.of(caller.actor(), "signing_request.receive", resource,
                    command.idempotencyKey(), details));
            requests.insert(tx, requestId, wallet.walletId(), caller.key().clientId(), caller.key().keyId(),
                    command.idempotencyKey(), command.kind().method(), command.requestBytes(), command.digest(),
                    now.plus(deadline), now);
            return Optional.<String>empty();
        });
        if (earlier.isPresent()) {
            String id = earlier.get().substring("signing_requests/".length());
            return requests.get(id).orElseThrow();
        }
        queue(requestId);
        return requests.get(requestId).orElseThrow();
    }

    /** RECEIVED → QUEUED (audited), then publishes the job. Safe to repeat. */
    public void queue(String requestId) {
        database.inTransaction(tx -> {
            StoredSigningRequest request = requests.get(tx, requestId, true).orElseThrow();
            if (request.state() != State.RECEIVED) {
                return null;
            }
            audit.append(tx, AuditEntry.of("system", "signing_request.state", "signing_requests/" + requestId,
                    request.idempotencyKey(), Map.of("from", "RECEIVED", "to", "QUEUED",
                            "why", "no policy plane: every authorised request is queued")));
            requests.transition(tx, requestId, State.RECEIVED, State.QUEUED, database.now());
            return null;
        });
        changes.changed("signing_requests/" + requestId);
        publish(requests.get(requestId).orElseThrow());
    }

    /** Publishes the request's job (again); RECEIVED requests are queued first. */
    public void publish(StoredSigningRequest request) {
        if (request.state() == State.RECEIVED) {
            queue(request.requestId());
            return;
        }
        dispatch.signing(request);
    }
}

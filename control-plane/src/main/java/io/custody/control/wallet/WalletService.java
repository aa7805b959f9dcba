package io.custody.control.wallet;

import io.custody.control.Changes;
import io.custody.control.ControlPlaneException;
import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.auth.Authenticated;
import io.custody.control.auth.ClientKey;
import io.custody.control.nats.JobDispatch;
import io.custody.control.store.ApiClientStore;
import io.custody.control.store.Database;
import io.custody.control.store.IdempotencyStore;
import io.custody.control.store.OperationStore;
import io.custody.control.store.StoredOperation;
import io.custody.control.store.StoredWallet;
import io.custody.control.store.WalletStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * CreateWallet and RefreshWallet: the wallet and its operation are stored (audit first) in one
 * transaction, then the keygen job goes to all n nodes; {@link OperationProgress} moves the
 * operation on as the nodes report.
 */
public final class WalletService {

    private final Database database;
    private final AuditLog audit;
    private final IdempotencyStore idempotency;
    private final WalletStore wallets;
    private final OperationStore operations;
    private final ApiClientStore clients;
    private final JobDispatch dispatch;
    private final Changes changes;
    private final WalletSettings settings;

    public WalletService(Database database, AuditLog audit, IdempotencyStore idempotency, WalletStore wallets,
            OperationStore operations, ApiClientStore clients, JobDispatch dispatch, Changes changes,
            WalletSettings settings) {
        this.database = database;
        this.audit = audit;
        this.idempotency = idempotency;
        this.wallets = wallets;
        this.operations = operations;
        this.clients = clients;
        this.dispatch = dispatch;
        this.changes = changes;
        this.settings = settings;
    }

    /** Stores a CREATING wallet and its operation, publishes the DKG; or returns what the key created before. */
    public StoredOperation create(CreateWallet request) {
        requireRegisteredKeys(request.signingKeys());
        String walletId = "w-" + UUID.randomUUID();
        String operationId = "op-" + UUID.randomUUID();
        Authenticated caller = request.caller();
        Result created = database.inTransaction(tx -> {
            Instant now = database.now();
            Optional<String> earlier = idempotency.claim(tx, caller.key().keyId(), request.idempotencyKey(),
                    request.method(), caller.signedBytesSha256(), "operations/" + operationId, now);
            if (earlier.isPresent()) {
                return new Result(operation(tx, earlier.get()), false);
            }
            List<String> keyIds = request.signingKeys().stream().map(CreateWallet.GovernanceKey::keyId).toList();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("display_name", request.displayName());
            details.put("threshold", settings.threshold());
            details.put("node_ids", settings.nodeIds());
            details.put("kms_key_id", settings.kmsKeyId());
            details.put("signing_key_ids", keyIds);
            details.put("allow_raw_digest_signing", request.allowRawDigest());
            details.put("operation", "operations/" + operationId);
            audit.append(tx, AuditEntry.of(caller.actor(), "wallet.create", "wallets/" + walletId,
                    request.idempotencyKey(), details));
            wallets.insert(tx, walletId, request.displayName(), settings.threshold(), settings.nodeIds(),
                    settings.kmsKeyId(), request.governance(), request.allowRawDigest(), keyIds, now);
            audit.append(tx, AuditEntry.of(caller.actor(), "operation.start", "operations/" + operationId,
                    request.idempotencyKey(), Map.of("kind", "create_wallet", "wallet", "wallets/" + walletId,
                            "stage", "keygen", "share_version", 1)));
            operations.insert(tx, operationId, StoredOperation.Kind.CREATE, walletId, 1,
                    now.plus(settings.operationDeadline()), now);
            return new Result(operations.get(tx, operationId, false).orElseThrow(), true);
        });
        if (created.fresh()) {
            publish(created.operation());
        }
        return created.operation();
    }

    /** Starts a refresh of an ACTIVE wallet, signed by one of its governance keys. */
    public StoredOperation refresh(Authenticated caller, String method, String idempotencyKey, String walletId) {
        StoredWallet wallet = wallets.get(walletId)
                .orElseThrow(() -> new ControlPlaneException.NotFound("wallet " + walletId + " does not exist"));
        requireGovernanceKey(wallet, caller);
        String operationId = "op-" + UUID.randomUUID();
        Result started = database.inTransaction(tx -> {
            Instant now = database.now();
            Optional<String> earlier = idempotency.claim(tx, caller.key().keyId(), idempotencyKey, method,
                    caller.signedBytesSha256(), "operations/" + operationId, now);
            if (earlier.isPresent()) {
                return new Result(operation(tx, earlier.get()), false);
            }
            StoredWallet locked = wallets.get(tx, walletId, true).orElseThrow();
            if (locked.state() != StoredWallet.State.ACTIVE) {
                throw new ControlPlaneException.FailedPrecondition("wallet " + walletId + " is "
                        + locked.state() + "; only an ACTIVE wallet can be refreshed");
            }
            int next = locked.shareVersion() + 1;
            audit.append(tx, AuditEntry.of(caller.actor(), "wallet.state", "wallets/" + walletId, idempotencyKey,
                    Map.of("from", "ACTIVE", "to", "REFRESHING", "operation", "operations/" + operationId)));
            wallets.transition(tx, walletId, StoredWallet.State.ACTIVE, StoredWallet.State.REFRESHING);
            audit.append(tx, AuditEntry.of(caller.actor(), "operation.start", "operations/" + operationId,
                    idempotencyKey, Map.of("kind", "refresh_wallet", "wallet", "wallets/" + walletId,
                            "stage", "keygen", "share_version", next)));
            operations.insert(tx, operationId, StoredOperation.Kind.REFRESH, walletId, next,
                    now.plus(settings.operationDeadline()), now);
            return new Result(operations.get(tx, operationId, false).orElseThrow(), true);
        });
        if (started.fresh()) {
            publish(started.operation());
        }
        return started.operation();
    }

    /** Publishes the operation's current job (after commit, at start-up, by the re-driver). */
    public void publish(StoredOperation op) {
        wallets.get(op.walletId()).ifPresent(wallet -> dispatch.operation(op, wallet));
        changes.changed("operations/" + op.operationId());
    }

    /** PERMISSION_DENIED unless the caller's key is one of the wallet's governance keys. */
    public static void requireGovernanceKey(StoredWallet wallet, Authenticated caller) {
        if (!wallet.signingKeyIds().contains(caller.key().keyId())) {
            throw new ControlPlaneException.PermissionDenied("key " + caller.key().keyId()
                    + " is not one of the signing keys of wallet " + wallet.walletId());
        }
    }

    private StoredOperation operation(org.jooq.DSLContext tx, String resource) {
        String id = resource.substring("operations/".length());
        return operations.get(tx, id, false).orElseThrow();
    }

    /** Each governance key must be registered and unrevoked, with the same algorithm and bytes. */
    private void requireRegisteredKeys(List<CreateWallet.GovernanceKey> keys) {
        List<ControlPlaneException.FieldViolation> violations = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            CreateWallet.GovernanceKey wanted = keys.get(i);
            Optional<ClientKey> registered = clients.findKey(wanted.keyId());
            String field = "governance.signing_keys[" + i + "]";
            if (registered.isEmpty() || !registered.get().active()) {
                violations.add(new ControlPlaneException.FieldViolation(field,
                        "key " + wanted.keyId() + " is not a registered, unrevoked API client key"));
            } else if (!registered.get().algorithm().storeName().equals(wanted.algorithm())
                    || !Arrays.equals(registered.get().publicKey(), wanted.publicKey())) {
                violations.add(new ControlPlaneException.FieldViolation(field,
                        "key " + wanted.keyId() + " differs from the registered key (algorithm or bytes)"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ControlPlaneException.InvalidRequest(violations);
        }
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "" : HexFormat.of().formatHex(bytes);
    }

    private record Result(StoredOperation operation, boolean fresh) {}
}

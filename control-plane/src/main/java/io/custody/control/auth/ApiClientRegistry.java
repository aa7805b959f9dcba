package io.custody.control.auth;

import io.custody.control.ControlPlaneException;
import io.custody.control.audit.AuditEntry;
import io.custody.control.audit.AuditLog;
import io.custody.control.store.ApiClientStore;
import io.custody.control.store.Database;
import io.custody.control.store.IdempotencyStore;
import io.custody.control.store.StoredApiClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** RegisterApiClient and RevokeApiClient, signed by an operator key; audited, idempotent. */
public final class ApiClientRegistry {

    /** A key to register, as the request gave it (already checked: id matches bytes, algorithm matches). */
    public record NewKey(String keyId, KeyAlgorithm algorithm, byte[] publicKey) {}

    private final Database database;
    private final AuditLog audit;
    private final IdempotencyStore idempotency;
    private final ApiClientStore clients;

    public ApiClientRegistry(Database database, AuditLog audit, IdempotencyStore idempotency, ApiClientStore clients) {
        this.database = database;
        this.audit = audit;
        this.idempotency = idempotency;
        this.clients = clients;
    }

    public StoredApiClient register(Authenticated operator, String method, String idempotencyKey, String displayName,
            List<NewKey> keys) {
        String clientId = "c-" + UUID.randomUUID();
        String stored = database.inTransaction(tx -> {
            Instant now = database.now();
            Optional<String> earlier = idempotency.claim(tx, operator.key().keyId(), idempotencyKey, method,
                    operator.signedBytesSha256(), "api_clients/" + clientId, now);
            if (earlier.isPresent()) {
                return earlier.get().substring("api_clients/".length());
            }
            List<String> taken = clients.existingKeyIds(tx, keys.stream().map(NewKey::keyId).toList());
            if (!taken.isEmpty()) {
                List<ControlPlaneException.FieldViolation> violations = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    if (taken.contains(keys.get(i).keyId())) {
                        violations.add(new ControlPlaneException.FieldViolation("keys[" + i + "].key_id",
                                "key " + keys.get(i).keyId() + " is already registered"));
                    }
                }
                throw new ControlPlaneException.InvalidRequest(violations);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("display_name", displayName);
            details.put("key_ids", keys.stream().map(NewKey::keyId).toList());
            audit.append(tx, AuditEntry.of(operator.actor(), "api_client.register", "api_clients/" + clientId,
                    idempotencyKey, details));
            clients.insert(tx, clientId, displayName, keys.stream().map(k -> new ClientKey(k.keyId(), k.algorithm(),
                    k.publicKey(), "client/" + clientId, clientId, true)).toList(), now);
            return clientId;
        });
        return clients.get(stored).orElseThrow();
    }

    public StoredApiClient revoke(Authenticated operator, String method, String idempotencyKey, String clientId,
            String reason) {
        String stored = database.inTransaction(tx -> {
            Instant now = database.now();
            Optional<String> earlier = idempotency.claim(tx, operator.key().keyId(), idempotencyKey, method,
                    operator.signedBytesSha256(), "api_clients/" + clientId, now);
            if (earlier.isPresent()) {
                return earlier.get().substring("api_clients/".length());
            }
            StoredApiClient client = clients.get(tx, clientId).orElseThrow(
                    () -> new ControlPlaneException.NotFound("API client " + clientId + " does not exist"));
            if (client.revoked()) {
                throw new ControlPlaneException.FailedPrecondition("API client " + clientId + " is already revoked");
            }
            audit.append(tx, AuditEntry.of(operator.actor(), "api_client.revoke", "api_clients/" + clientId,
                    idempotencyKey, Map.of("reason", reason, "key_ids",
                            client.keys().stream().map(ClientKey::keyId).toList())));
            clients.revoke(tx, clientId, reason, now);
            return clientId;
        });
        return clients.get(stored).orElseThrow();
    }
}

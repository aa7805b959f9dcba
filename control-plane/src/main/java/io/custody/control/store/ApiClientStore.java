package io.custody.control.store;

import static io.custody.control.store.jooq.Tables.API_CLIENTS;
import static io.custody.control.store.jooq.Tables.CLIENT_KEYS;

import io.custody.control.auth.ClientKey;
import io.custody.control.auth.KeyAlgorithm;
import io.custody.control.store.jooq.tables.records.ApiClientsRecord;
import io.custody.control.store.jooq.tables.records.ClientKeysRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/** API clients and their keys ({@code api_clients}, {@code client_keys}). */
public final class ApiClientStore {

    private final Database database;

    public ApiClientStore(Database database) {
        this.database = database;
    }

    /** Inserts an ACTIVE client with {@code keys} (their owner and client id are this client). */
    public void insert(DSLContext tx, String clientId, String displayName, List<ClientKey> keys, Instant now) {
        tx.insertInto(API_CLIENTS)
                .set(API_CLIENTS.CLIENT_ID, clientId)
                .set(API_CLIENTS.DISPLAY_NAME, displayName)
                .set(API_CLIENTS.STATE, "active")
                .set(API_CLIENTS.CREATE_TIME, Database.utc(now))
                .execute();
        int position = 0;
        for (ClientKey key : keys) {
            tx.insertInto(CLIENT_KEYS)
                    .set(CLIENT_KEYS.KEY_ID, key.keyId())
                    .set(CLIENT_KEYS.CLIENT_ID, clientId)
                    .set(CLIENT_KEYS.POSITION, position++)
                    .set(CLIENT_KEYS.ALGORITHM, key.algorithm().storeName())
                    .set(CLIENT_KEYS.PUBLIC_KEY, key.publicKey())
                    .execute();
        }
    }

    /** Marks the client revoked; its keys sign nothing from now on. */
    public void revoke(DSLContext tx, String clientId, String reason, Instant now) {
        int updated = tx.update(API_CLIENTS)
                .set(API_CLIENTS.STATE, "revoked")
                .set(API_CLIENTS.REVOKE_TIME, Database.utc(now))
                .set(API_CLIENTS.REVOKE_REASON, reason)
                .where(API_CLIENTS.CLIENT_ID.eq(clientId).and(API_CLIENTS.STATE.eq("active")))
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("client " + clientId + " is not active");
        }
    }

    /** Which of {@code keyIds} are registered already (to any client). */
    public List<String> existingKeyIds(DSLContext tx, List<String> keyIds) {
        return tx.select(CLIENT_KEYS.KEY_ID).from(CLIENT_KEYS).where(CLIENT_KEYS.KEY_ID.in(keyIds))
                .fetch(CLIENT_KEYS.KEY_ID);
    }

    public Optional<StoredApiClient> get(DSLContext dsl, String clientId) {
        return dsl.selectFrom(API_CLIENTS).where(API_CLIENTS.CLIENT_ID.eq(clientId)).fetchOptional()
                .map(row -> client(row, keysOf(dsl, List.of(clientId)).getOrDefault(clientId, List.of())));
    }

    public Optional<StoredApiClient> get(String clientId) {
        return get(database.read(), clientId);
    }

    /** A client key by id, with its client's current state. */
    public Optional<ClientKey> findKey(String keyId) {
        return database.read().select(CLIENT_KEYS.fields()).select(API_CLIENTS.STATE)
                .from(CLIENT_KEYS).join(API_CLIENTS).on(API_CLIENTS.CLIENT_ID.eq(CLIENT_KEYS.CLIENT_ID))
                .where(CLIENT_KEYS.KEY_ID.eq(keyId))
                .fetchOptional(r -> key(r.into(CLIENT_KEYS), "active".equals(r.get(API_CLIENTS.STATE))));
    }

    /** Clients oldest first, after {@code afterOrdinal}. */
    public Page<StoredApiClient> list(long afterOrdinal, int size, boolean includeRevoked) {
        DSLContext dsl = database.read();
        var where = API_CLIENTS.ORDINAL.gt(afterOrdinal);
        if (!includeRevoked) {
            where = where.and(API_CLIENTS.STATE.eq("active"));
        }
        List<ApiClientsRecord> rows = dsl.selectFrom(API_CLIENTS).where(where).orderBy(API_CLIENTS.ORDINAL)
                .limit(size + 1).fetch();
        Map<String, List<ClientKey>> keys = keysOf(dsl, rows.stream().map(ApiClientsRecord::getClientId).toList());
        List<StoredApiClient> clients = rows.stream()
                .map(r -> client(r, keys.getOrDefault(r.getClientId(), List.of()))).toList();
        return Page.of(clients, size, StoredApiClient::ordinal);
    }

    private static Map<String, List<ClientKey>> keysOf(DSLContext dsl, List<String> clientIds) {
        if (clientIds.isEmpty()) {
            return Map.of();
        }
        return dsl.select(CLIENT_KEYS.fields()).select(API_CLIENTS.STATE).from(CLIENT_KEYS)
                .join(API_CLIENTS).on(API_CLIENTS.CLIENT_ID.eq(CLIENT_KEYS.CLIENT_ID))
                .where(CLIENT_KEYS.CLIENT_ID.in(clientIds)).orderBy(CLIENT_KEYS.CLIENT_ID, CLIENT_KEYS.POSITION)
                .fetch(r -> key(r.into(CLIENT_KEYS), "active".equals(r.get(API_CLIENTS.STATE))))
                .stream().collect(Collectors.groupingBy(ClientKey::clientId));
    }

    private static ClientKey key(ClientKeysRecord row, boolean active) {
        return new ClientKey(row.getKeyId(), KeyAlgorithm.fromStoreName(row.getAlgorithm()), row.getPublicKey(),
                "client/" + row.getClientId(), row.getClientId(), active);
    }

    private static StoredApiClient client(ApiClientsRecord row, List<ClientKey> keys) {
        return new StoredApiClient(row.getClientId(), row.getOrdinal(), row.getDisplayName(),
                "revoked".equals(row.getState()), Database.instant(row.getCreateTime()),
                Database.instant(row.getRevokeTime()), row.getRevokeReason(), keys);
    }
}

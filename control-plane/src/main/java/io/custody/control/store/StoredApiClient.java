package io.custody.control.store;

import io.custody.control.auth.ClientKey;
import java.time.Instant;
import java.util.List;

/** An API client as stored: its keys in registration order; revoked is final. */
public record StoredApiClient(String clientId, long ordinal, String displayName, boolean revoked,
        Instant createTime, Instant revokeTime, String revokeReason, List<ClientKey> keys) {

    public StoredApiClient {
        keys = List.copyOf(keys);
    }
}

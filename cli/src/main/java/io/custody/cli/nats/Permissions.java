package io.custody.cli.nats;

import java.util.List;
import java.util.Objects;

/**
 * One user's allow lists. Anything not allowed is denied: the server applies an allow list as
 * "only these". {@code allowResponses} lets a user reply once to a request's reply subject
 * without a publish grant for it (needed only by users that serve core-NATS requests).
 */
public record Permissions(List<String> publish, List<String> subscribe, boolean allowResponses) {

    public Permissions {
        publish = List.copyOf(Objects.requireNonNull(publish, "publish"));
        subscribe = List.copyOf(Objects.requireNonNull(subscribe, "subscribe"));
    }
}

package io.custody.cli.dev;

import io.custody.cli.CustodyCliException;
import io.custody.cli.nats.SubjectPlan;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/** A NATS connection as the cluster's control-plane user ({@code control-1}), from its seed file. */
public final class ControlUser implements AutoCloseable {
    private final Connection connection;

    private ControlUser(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static ControlUser connect(ClusterState state) {
        String url = state.require(ClusterState.NATS_URL);
        String user = state.require(ClusterState.NATS_CONTROL_USER);
        Path seedFile = Path.of(state.require(ClusterState.NATS_CONTROL_SEED));
        char[] seed;
        try {
            seed = Files.readString(seedFile, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot read " + seedFile, e);
        }
        try {
            return new ControlUser(Nats.connect(Options.builder().server(url).connectionName(user + "-custodyctl")
                    .authHandler(Nats.staticCredentials(null, seed))
                    .inboxPrefix(SubjectPlan.inboxPrefix(user))
                    .connectionTimeout(Duration.ofSeconds(5))
                    .maxReconnects(0)
                    .build()));
        } catch (IOException e) {
            throw new CustodyCliException.NatsFailure("cannot connect to " + url + " as " + user + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustodyCliException.NatsFailure("interrupted while connecting to " + url, e);
        } finally {
            Arrays.fill(seed, '\0');
        }
    }
}

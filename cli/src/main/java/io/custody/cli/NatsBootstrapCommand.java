package io.custody.cli;

import io.custody.cli.nats.NatsBootstrap;
import io.custody.cli.nats.SubjectPlan;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custodyctl nats-bootstrap}: creates the JetStream streams and consumers as a control-plane user. */
@Command(
        name = "nats-bootstrap",
        mixinStandardHelpOptions = true,
        description = "Creates or updates the JOBS and RESULTS streams and their consumers (idempotent).")
final class NatsBootstrapCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--server", defaultValue = "nats://127.0.0.1:4222", description = "Server URL (default ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--user", defaultValue = "control-1", description = "Control-plane user (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--seed", required = true, description = "That user's seed file (OUT/nkeys/<user>.nk).")
    Path seed;

    @Option(names = "--nodes", required = true, description = "Number of signer nodes (s1..sN).")
    int nodes;

    @Override
    public Integer call() throws Exception {
        char[] seedChars;
        try {
            seedChars = Files.readString(seed, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (IOException e) {
            throw new CustodyCliException.IoFailure("cannot read " + seed, e);
        }
        Options options = Options.builder()
                .server(server)
                .authHandler(Nats.staticCredentials(null, seedChars))
                .inboxPrefix(SubjectPlan.inboxPrefix(user))
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            names.add("s" + i);
        }
        try {
            Connection nc = Nats.connect(options);
            try {
                for (String created : new NatsBootstrap(nc.jetStreamManagement(), names).apply()) {
                    spec.commandLine().getOut().println("ok " + created);
                }
            } finally {
                nc.close();
            }
        } catch (IOException e) {
            throw new CustodyCliException.NatsFailure("cannot connect to " + server + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(seedChars, '\0');
        }
        return 0;
    }
}

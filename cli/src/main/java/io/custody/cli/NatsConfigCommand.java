package io.custody.cli;

import io.custody.cli.nats.NatsConfigWriter;
import io.custody.cli.nats.NatsDeployment;
import io.custody.cli.nats.NkeyIdentity;
import io.custody.cli.nats.SeedFiles;
import io.custody.cli.nats.ServerVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custodyctl nats-config}: writes nats-server.conf and the NKey seeds of a deployment. */
@Command(
        name = "nats-config",
        mixinStandardHelpOptions = true,
        description = {
            "Writes OUT/nats-server.conf (public keys and permissions only) and OUT/nkeys/<user>.nk",
            "(one seed per user, 0600). Refuses to overwrite either: new seeds are a rotation."
        })
final class NatsConfigCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--nodes", required = true, description = "Number of signer nodes (s1..sN).")
    int nodes;

    @Option(names = "--control-planes", defaultValue = "1", description = "Control-plane instances (default ${DEFAULT-VALUE}).")
    int controlPlanes;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--jetstream-dir", defaultValue = "/var/lib/custody/nats/jetstream",
            description = "JetStream file store directory (absolute; default ${DEFAULT-VALUE}).")
    Path jetStreamDir;

    @Option(names = "--port", defaultValue = "4222", description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--server-version",
            description = "nats-server version the config is for (default: ask `--nats-server --version`).")
    String serverVersion;

    @Option(names = "--nats-server", defaultValue = "nats-server",
            description = "nats-server binary used to detect the version (default ${DEFAULT-VALUE}).")
    String natsServer;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        Optional<ServerVersion> version = serverVersion != null
                ? Optional.of(ServerVersion.parse(serverVersion))
                : ServerVersion.detect(natsServer);
        NatsDeployment deployment = new NatsDeployment(nodes, controlPlanes, port, jetStreamDir, version);
        List<NkeyIdentity> identities = new ArrayList<>();
        try {
            deployment.users().forEach(u -> identities.add(NkeyIdentity.generate(u)));
            NatsConfigWriter writer = new NatsConfigWriter(deployment, identities);
            String config = writer.render(); // render before writing anything: fail early, leave nothing
            SeedFiles.write(out, identities);
            Path file = writer.write(out);
            stdout.println("wrote " + file + " (" + config.lines().count() + " lines, nats-server "
                    + version.map(ServerVersion::toString).orElse("version unknown") + ")");
            for (NkeyIdentity id : identities) {
                stdout.println("  " + id.user().account() + "/" + id.user().name() + "  " + id.publicKey()
                        + "  " + SeedFiles.seedFile(out, id.user().name()));
            }
            if (version.isEmpty()) {
                stdout.println("note: nats-server version unknown; sync_interval not written (see the comment in the config)");
            }
            return 0;
        } finally {
            identities.forEach(NkeyIdentity::close);
        }
    }
}

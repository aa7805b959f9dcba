package io.custody.cli;

import io.custody.cli.dev.Checkout;
import io.custody.cli.dev.ClusterUp;
import io.custody.cli.dev.DevPorts;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custodyctl dev up}: starts the cluster, then exits 0 leaving it running. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a fresh dev cluster and exits, leaving it running: nats-server (generated accounts",
            "and NKeys, JetStream streams), Postgres (embedded unless --db-url), the share store schema",
            "and node roles, the KMS emulator with an enclave-bound key, 5 enclaves, 5 signer nodes and",
            "the control plane (plaintext gRPC, its own database, a generated operator key).",
            "Refuses while a cluster recorded in the state directory still runs; otherwise clears it."
        })
final class DevUpCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DevCommand.Location location;

    @Option(names = "--nats-port", defaultValue = "" + DevPorts.DEFAULT_NATS,
            description = "nats-server client port (default ${DEFAULT-VALUE}).")
    int natsPort;

    @Option(names = "--pg-port", defaultValue = "" + DevPorts.DEFAULT_POSTGRES,
            description = "Embedded Postgres port (default ${DEFAULT-VALUE}).")
    int pgPort;

    @Option(names = "--kms-port", defaultValue = "" + DevPorts.DEFAULT_KMS,
            description = "KMS emulator port (default ${DEFAULT-VALUE}).")
    int kmsPort;

    @Option(names = "--grpc-port", defaultValue = "" + DevPorts.DEFAULT_GRPC,
            description = "Control plane gRPC port (default ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--no-control-plane",
            description = "Do not start the control plane; `dev demo` then runs its jobs straight over NATS.")
    boolean noControlPlane;

    @Option(names = "--free-ports", description = "Pick free ephemeral ports instead (dev status shows them).")
    boolean freePorts;

    @Option(names = "--nats-server", description = "nats-server binary (default: $NATS_SERVER, PATH, /usr/sbin).")
    Path natsServer;

    @ArgGroup(exclusive = false, heading = "A Postgres of your own instead of the embedded one:%n")
    ExternalDb externalDb;

    static final class ExternalDb {
        @Option(names = "--db-url", required = true, description = "JDBC URL of the share store's database.")
        String url;

        @Option(names = "--db-owner", required = true,
                description = "Login role that owns that database and has CREATEROLE.")
        String owner;

        @Option(names = "--db-owner-password-file", required = true, description = "File with its password.")
        Path passwordFile;
    }

    @Override
    public Integer call() {
        Checkout checkout = location.checkout();
        DevPorts ports = freePorts ? DevPorts.free() : new DevPorts(natsPort, pgPort, kmsPort, grpcPort);
        Optional<ClusterUp.ExternalDatabase> db = Optional.ofNullable(externalDb)
                .map(e -> new ClusterUp.ExternalDatabase(e.url, e.owner, e.passwordFile.toAbsolutePath()));
        new ClusterUp(new ClusterUp.Settings(checkout, location.layout(), ports, 5, db,
                Optional.ofNullable(natsServer), !noControlPlane)).run(spec.commandLine().getOut());
        return 0;
    }
}

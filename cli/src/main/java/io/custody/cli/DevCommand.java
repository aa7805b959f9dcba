package io.custody.cli;

import io.custody.cli.dev.Checkout;
import io.custody.cli.dev.DevLayout;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code custodyctl dev}: a local cluster on loopback, from a built checkout (DEV ONLY). */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = {
            "A whole Custody cluster on loopback from a built checkout: nats-server, Postgres, the KMS",
            "emulator, 5 enclaves, 5 signer nodes and the control plane. DEV ONLY: insecure attestation,",
            "plaintext gRPC, generated dev secrets.",
            "Exit codes: 0 ok, 1 failed (or, for status, something is down), 2 usage,",
            "3 a prerequisite is missing (the message says how to get it)."
        },
        subcommands = {DevUpCommand.class, DevStatusCommand.class, DevDemoCommand.class, DevDownCommand.class,
            CommandLine.HelpCommand.class})
final class DevCommand {

    /** Where the checkout and the cluster's state are; shared by every dev subcommand. */
    static final class Location {
        @Option(names = "--root", description = "The checkout (default: the nearest directory at or above the"
                + " working directory with pom.xml and dev/run).")
        Path root;

        @Option(names = "--state-dir", description = "State, secrets and logs (default: <root>/.custody/dev).")
        Path stateDir;

        Checkout checkout() {
            return Checkout.find(Optional.ofNullable(root), Path.of(System.getProperty("user.dir")));
        }

        DevLayout layout() {
            return stateDir != null ? new DevLayout(stateDir) : DevLayout.defaultFor(checkout().root());
        }
    }
}

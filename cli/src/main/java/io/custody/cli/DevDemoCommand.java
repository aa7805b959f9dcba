package io.custody.cli;

import io.custody.cli.demo.DemoFlow;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custodyctl dev demo}: a wallet and a signature on the running cluster, checked independently. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "On the running dev cluster, through the control plane's gRPC API: registers an API client",
            "(operator key), creates a wallet governed by it (3-of-5 DKG), signs the message (EIP-191)",
            "and verifies the audit chain; without a control plane the same over NATS as control-1.",
            "The signature is verified and recovered with BouncyCastle. Prints the address and signature."
        })
final class DevDemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DevCommand.Location location;

    @Option(names = "--message", defaultValue = DemoFlow.DEFAULT_MESSAGE,
            description = "What to sign (default \"${DEFAULT-VALUE}\").")
    String message;

    @Override
    public Integer call() {
        DemoFlow.run(location.layout(), message, spec.commandLine().getOut());
        return 0;
    }
}

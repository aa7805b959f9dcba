package io.custody.cli;

import io.custody.cli.demo.DemoFlow;
import java.math.BigInteger;
import java.net.URI;
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
            "The signature is verified and recovered with BouncyCastle. Prints the address and signature.",
            "Then, with anvil installed (or --eth-rpc): funds the wallet, signs an EIP-1559 transfer through",
            "SignEthereumTransaction, verifies it, broadcasts it and waits until it is mined with status 1."
        })
final class DevDemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DevCommand.Location location;

    @Option(names = "--message", defaultValue = DemoFlow.DEFAULT_MESSAGE,
            description = "What to sign (default \"${DEFAULT-VALUE}\").")
    String message;

    @Option(names = "--eth-rpc", paramLabel = "URL",
            description = {"An Ethereum dev chain's JSON-RPC endpoint (anvil: its account 0xf39F…2266 unlocked and",
                "funded) for the transfer; default: start anvil on a free port if it is installed."})
    URI ethRpc;

    @Option(names = "--no-transfer", description = "Skip the on-chain EIP-1559 transfer.")
    boolean noTransfer;

    @Option(names = "--to", paramLabel = "ADDRESS",
            description = "The transfer's recipient (default anvil's second dev account).")
    String to;

    @Option(names = "--value-wei", paramLabel = "WEI", description = "The value transferred (default 0.01 ETH).")
    BigInteger valueWei;

    @Override
    public Integer call() {
        if (to != null && !to.matches("0x[0-9a-fA-F]{40}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--to takes 0x and 40 hex digits");
        }
        if (valueWei != null && valueWei.signum() <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--value-wei must be positive");
        }
        DemoFlow.run(location.layout(), message, new DemoFlow.Chain(ethRpc, noTransfer, to, valueWei),
                spec.commandLine().getOut());
        return 0;
    }
}

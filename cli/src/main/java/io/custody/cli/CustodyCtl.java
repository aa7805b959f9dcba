package io.custody.cli;

import io.custody.cli.grpc.GrpcErrors;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code custodyctl}: the operator's command line. */
@Command(
        name = "custodyctl",
        mixinStandardHelpOptions = true,
        description = "Operator tooling for a Custody deployment.",
        subcommands = {NatsConfigCommand.class, NatsBootstrapCommand.class, DevCommand.class, BenchCommand.class,
            ClientCommand.class, WalletCommand.class, SignCommand.class, AuditCommand.class,
            CommandLine.HelpCommand.class})
public final class CustodyCtl {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CustodyCtl());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CustodyCliException failure) {
                commandLine.getErr().println("custodyctl: " + failure.getMessage());
                return failure.exitCode();
            }
            if (e instanceof StatusRuntimeException refused) {
                commandLine.getErr().println("custodyctl: the control plane answered " + GrpcErrors.describe(refused));
                return 1;
            }
            throw e;
        });
        return cl;
    }
}

package io.custody.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code custodyctl}: the operator's command line. */
@Command(
        name = "custodyctl",
        mixinStandardHelpOptions = true,
        description = "Operator tooling for a Custody deployment.",
        subcommands = {NatsConfigCommand.class, NatsBootstrapCommand.class, DevCommand.class, BenchCommand.class,
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
            throw e;
        });
        return cl;
    }
}

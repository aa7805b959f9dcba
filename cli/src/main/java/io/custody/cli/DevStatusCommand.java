package io.custody.cli;

import io.custody.cli.dev.ClusterStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code custodyctl dev status}: one line per component; exit 1 if any is down. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "One line per component: pid alive, port open, and for signer nodes the age of their last",
            "heartbeat on custody.health.* (watched for 2.5 s). Exit code 0 only if all are up."
        })
final class DevStatusCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DevCommand.Location location;

    @Override
    public Integer call() {
        return ClusterStatus.run(location.layout(), spec.commandLine().getOut()) ? 0 : 1;
    }
}

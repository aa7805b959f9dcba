package io.custody.cli;

import io.custody.cli.dev.ClusterDown;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code custodyctl dev down}: stops the recorded cluster (idempotent). */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stops everything dev up started: SIGTERM, up to 10 s, then SIGKILL (Postgres: pg_ctl stop).",
            "Idempotent; logs and data stay until the next dev up."
        })
final class DevDownCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DevCommand.Location location;

    @Override
    public Integer call() {
        ClusterDown.run(location.layout(), spec.commandLine().getOut());
        return 0;
    }
}

package io.custody.control;

import io.custody.control.store.SchemaMigration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code control-plane-migrate}: run by the operator before (re)starting the control plane, with
 * the schema owner's credentials, which the serving host never holds. Applies pending migrations,
 * grants the runtime role exactly what serving needs, and refuses (exit 1) if that role could still
 * rewrite the audit log.
 */
@Command(name = "control-plane-migrate", mixinStandardHelpOptions = true,
        description = "Migrates the control plane's schema as its owner and grants the runtime role what serving"
                + " needs (SELECT/INSERT on the audit log, never UPDATE, DELETE, TRUNCATE or ownership).")
public final class MigrateMain implements Callable<Integer> {

    @Option(names = "--db-url", required = true, description = "JDBC URL of the control plane's database.")
    String dbUrl;

    @Option(names = "--db-owner", required = true, description = "The schema owner role (owns every table and trigger).")
    String owner;

    @Option(names = "--db-owner-password-file", required = true, description = "File holding the owner's password.")
    Path ownerPasswordFile;

    @Option(names = "--runtime-role", required = true,
            description = "The role the control plane serves as (ControlPlaneMain --db-user); it must exist.")
    String runtimeRole;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MigrateMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        char[] password = Files.readString(ownerPasswordFile, StandardCharsets.UTF_8).strip().toCharArray();
        try {
            SchemaMigration.Outcome outcome = SchemaMigration.migrate(dbUrl, owner, password, runtimeRole);
            System.out.println("control-plane schema at version " + outcome.schemaVersion() + " ("
                    + outcome.applied() + " migrations applied); runtime role " + runtimeRole + " granted");
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}

package io.custody.control.store;

import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Migrates the schema as its owner and grants the runtime role what serving needs
 * ({@code db/control-plane-grants/afterMigrate.sql}, run after every migrate), then checks the
 * outcome with {@link ServingRole#problems}: the runtime role must not be able to rewrite the audit
 * log. Run by the operator ({@code io.custody.control.MigrateMain}), never by the serving process,
 * which holds only the runtime role's password.
 */
public final class SchemaMigration {

    /** The callback that grants the runtime role its privileges. */
    public static final String GRANTS = "classpath:db/control-plane-grants";

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SchemaMigration() {}

    /** What a migrate did: the schema version now, and how many migrations it applied. */
    public record Outcome(String schemaVersion, int applied) {}

    /**
     * Connects as {@code owner}, applies pending migrations, re-grants {@code runtimeRole}, and
     * refuses (IllegalStateException, naming the fix) if the runtime role could still rewrite the
     * audit log or create objects in schema public.
     */
    public static Outcome migrate(String jdbcUrl, String owner, char[] ownerPassword, String runtimeRole) {
        requireRoleName(runtimeRole);
        if (runtimeRole.equals(owner)) {
            throw new IllegalArgumentException("the runtime role must not be the schema owner (" + owner + ")");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(owner);
        dataSource.setPassword(new String(ownerPassword));
        MigrateResult result = Flyway.configure().dataSource(dataSource)
                .locations(Database.MIGRATIONS, GRANTS)
                .placeholders(Map.of("runtime_role", runtimeRole))
                .load().migrate();
        var problems = ServingRole.problems(dataSource, runtimeRole);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the runtime role " + runtimeRole + " has more than serving needs: "
                    + String.join("; ", problems));
        }
        return new Outcome(result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    /** A role name as the grants script uses it unquoted: lower case, a Postgres identifier. */
    public static String requireRoleName(String role) {
        if (role == null || !ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("a role name is lower-case letters, digits and _ (not starting with"
                    + " a digit), at most 63 characters: " + role);
        }
        return role;
    }
}

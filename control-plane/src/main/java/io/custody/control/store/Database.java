package io.custody.control.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The operational store: a pooled PostgreSQL data source, the Flyway schema
 * ({@code classpath:db/control-plane}) and jOOQ. One action is one transaction ({@link #inTransaction}):
 * the audit event and the state change it records commit together or not at all.
 *
 * <p>The serving process connects as the runtime role and never migrates: the schema owner does,
 * beforehand ({@link SchemaMigration}). {@link #open} refuses a schema that is not migrated to this
 * build's version and a role that could rewrite the audit log ({@link ServingRole}).
 */
public final class Database implements AutoCloseable {

    /** Where the migrations live; not {@code db/migration}, which the signer's share store uses. */
    public static final String MIGRATIONS = "classpath:db/control-plane";

    private final DataSource dataSource;
    private final AutoCloseable pool;
    private final DSLContext dsl;
    private final Clock clock;

    private Database(DataSource dataSource, AutoCloseable pool, Clock clock) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens a pool of at most {@code maxConnections} as the runtime role {@code user}, checks the
     * schema is migrated and the role is only the runtime role, and returns the store.
     */
    public static Database open(String jdbcUrl, String user, char[] password, int maxConnections, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(new String(password));
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("control-plane");
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            requireMigrated(pool);
            List<String> problems = ServingRole.problems(pool, user);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("refusing to serve as database role " + user + ": "
                        + String.join("; ", problems));
            }
            return new Database(pool, pool, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void requireMigrated(DataSource dataSource) {
        try {
            Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().validate();
        } catch (FlywayException e) {
            throw new IllegalStateException("the control plane's schema is not at this build's version (run the"
                    + " migration as the schema owner: io.custody.control.MigrateMain): " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Reads outside a transaction (each statement sees committed data). */
    public DSLContext read() {
        return dsl;
    }

    /** Runs {@code action} in one transaction; commits if it returns, rolls back if it throws. */
    public <T> T inTransaction(Function<DSLContext, T> action) {
        return dsl.transactionResult(configuration -> action.apply(configuration.dsl()));
    }

    /** Now, at the store's precision (microseconds), so what is hashed is what is stored. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    @Override
    public void close() throws Exception {
        pool.close();
    }
}

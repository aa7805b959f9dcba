package io.custody.control.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The operational store: a pooled PostgreSQL data source, the Flyway schema
 * ({@code classpath:db/control-plane}) and jOOQ. One action is one transaction ({@link #inTransaction}):
 * the audit event and the state change it records commit together or not at all.
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

    /** Opens a pool of at most {@code maxConnections}, migrates the schema, and returns the store. */
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
            Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
            return new Database(pool, pool, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
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

package io.custody.control.testing;

import io.custody.control.store.SchemaMigration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A fresh database for one test class on the JVM's one {@link PostgresServer} (started on first
 * use, stopped at exit), provisioned as deployed: a schema-owner login role that owns the database
 * and schema public (neither is a superuser), a separate runtime login role, and the schema
 * migrated by the owner ({@link SchemaMigration}), which grants the runtime role what it needs.
 * {@link #user()}/{@link #password()} are the runtime role's: what the control plane serves as.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer server;

    private final String name;
    private final String owner;
    private final String password;
    private final String runtime;
    private final String runtimePassword;

    private TestDatabase(String name, String owner, String password, String runtime, String runtimePassword) {
        this.name = name;
        this.owner = owner;
        this.password = password;
        this.runtime = runtime;
        this.runtimePassword = runtimePassword;
    }

    public static synchronized TestDatabase create() {
        TestDatabase db = createUnmigrated();
        db.migrate();
        return db;
    }

    private static void ensureServer() {
        if (server == null) {
            server = PostgresServer.start();
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
    }

    private static TestDatabase unused() {
        int n = COUNTER.incrementAndGet();
        TestDatabase db = new TestDatabase("control_" + n, "control_owner_" + n, "owner-password-" + n,
                "control_app_" + n, "runtime-password-" + n);
        return db;
    }

    /** A database as not yet migrated: the roles and the database only (for migration tests). */
    public static synchronized TestDatabase createUnmigrated() {
        ensureServer();
        TestDatabase db = unused();
        db.provision();
        return db;
    }

    /** What the DBA does: two login roles, the database and schema public owned by the owner role. */
    private void provision() {
        try (Connection c = server.superuser().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role " + owner + " login password '" + password + "'");
            s.execute("create role " + runtime + " login password '" + runtimePassword + "'");
            s.execute("create database " + name + " owner " + owner);
        } catch (SQLException e) {
            throw new IllegalStateException("creating the test database failed", e);
        }
        try (Connection c = server.dataSource(name, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD)
                .getConnection(); Statement s = c.createStatement()) {
            s.execute("alter schema public owner to " + owner);
        } catch (SQLException e) {
            throw new IllegalStateException("handing schema public to the owner failed", e);
        }
    }

    public void migrate() {
        SchemaMigration.migrate(jdbcUrl(), owner, password.toCharArray(), runtime);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name;
    }

    /** The runtime role: what the control plane serves as. */
    public String user() {
        return runtime;
    }

    public char[] password() {
        return runtimePassword.toCharArray();
    }

    public String owner() {
        return owner;
    }

    public char[] ownerPassword() {
        return password.toCharArray();
    }

    /** The superuser bypasses everything (triggers included, with session_replication_role): the tamperer. */
    public DSLContext superuserSql() {
        return DSL.using(server.dataSource(name, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD),
                SQLDialect.POSTGRES);
    }

    /** The schema owner (runs migrations; could rewrite the log, which anchoring detects). */
    public DSLContext ownerSql() {
        return DSL.using(server.dataSource(name, owner, password), SQLDialect.POSTGRES);
    }

    /** The runtime role, for checks of what it may and may not do: the attacker on the serving host. */
    public DSLContext runtimeSql() {
        return DSL.using(server.dataSource(name, runtime, runtimePassword), SQLDialect.POSTGRES);
    }

    /** A plain JDBC data source as {@code role} ("owner", "runtime" or the superuser). */
    public javax.sql.DataSource dataSource(String role) {
        return switch (role) {
            case "owner" -> server.dataSource(name, owner, password);
            case "runtime" -> server.dataSource(name, runtime, runtimePassword);
            default -> server.dataSource(name, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD);
        };
    }
}

package io.custody.control.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A fresh database for one test class on the JVM's one {@link PostgresServer} (started on first
 * use, stopped at exit), owned by a login role that is not a superuser, as deployed. The control
 * plane migrates it itself when it starts.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer server;

    private final String name;
    private final String owner;
    private final String password;

    private TestDatabase(String name, String owner, String password) {
        this.name = name;
        this.owner = owner;
        this.password = password;
    }

    public static synchronized TestDatabase create() {
        if (server == null) {
            server = PostgresServer.start();
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        int n = COUNTER.incrementAndGet();
        TestDatabase db = new TestDatabase("control_" + n, "control_owner_" + n, "owner-password-" + n);
        try (Connection c = server.superuser().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role " + db.owner + " login password '" + db.password + "'");
            s.execute("create database " + db.name + " owner " + db.owner);
        } catch (SQLException e) {
            throw new IllegalStateException("creating the test database failed", e);
        }
        return db;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name;
    }

    public String user() {
        return owner;
    }

    public char[] password() {
        return password.toCharArray();
    }

    /** The superuser bypasses everything (triggers included, with session_replication_role): the tamperer. */
    public DSLContext superuserSql() {
        return DSL.using(server.dataSource(name, PostgresServer.SUPERUSER, PostgresServer.SUPERUSER_PASSWORD),
                SQLDialect.POSTGRES);
    }

    /** The application role, for checks of what it may and may not do. */
    public DSLContext ownerSql() {
        return DSL.using(server.dataSource(name, owner, password), SQLDialect.POSTGRES);
    }
}

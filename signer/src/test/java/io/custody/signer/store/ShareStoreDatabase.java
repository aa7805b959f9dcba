package io.custody.signer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The share store as deployed, on a fresh {@link PostgresServer}: an owner role (login,
 * CREATEROLE, not superuser) owning database {@code custody}, the Flyway migrations run as that
 * owner, and login roles for {@code node-1} and {@code node-2} made by {@link ShareStoreAdmin}.
 */
public final class ShareStoreDatabase implements AutoCloseable {
    static final String DATABASE = "custody";
    static final String OWNER = "custody_owner";
    static final String OWNER_PASSWORD = "owner-password";
    static final String NODE_1 = "node-1";
    static final String NODE_2 = "node-2";

    private final PostgresServer server;

    private ShareStoreDatabase(PostgresServer server) {
        this.server = server;
    }

    static ShareStoreDatabase start() {
        return start(List.of(NODE_1, NODE_2));
    }

    /** A fresh Postgres with the schema migrated and one login role per node. */
    public static ShareStoreDatabase start(List<String> nodeIds) {
        PostgresServer server = PostgresServer.start();
        try {
            try (Connection c = server.superuser().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("create role " + OWNER + " login createrole password '" + OWNER_PASSWORD + "'");
                s.execute("create database " + DATABASE + " owner " + OWNER);
            }
            ShareStoreDatabase db = new ShareStoreDatabase(server);
            ShareStoreAdmin admin = new ShareStoreAdmin(db.owner());
            admin.migrate();
            for (String nodeId : nodeIds) {
                admin.createNodeRole(nodeId, passwordOf(nodeId).toCharArray());
            }
            return db;
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new IllegalStateException("setting up the share store database failed", e);
        }
    }

    /** The password of the node's login role ({@link NodeRole#of}{@code (nodeId).roleName()}). */
    public static String passwordOf(String nodeId) {
        return "password-of-" + nodeId;
    }

    /** The JDBC URL of database {@code custody}, for a signer process ({@code SignerMain --db-url}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + DATABASE;
    }

    DataSource owner() {
        return server.dataSource(DATABASE, OWNER, OWNER_PASSWORD);
    }

    public DataSource node(String nodeId) {
        return server.dataSource(DATABASE, NodeRole.of(nodeId).roleName(), passwordOf(nodeId));
    }

    public ShareStore store(String nodeId) {
        return ShareStore.open(node(nodeId));
    }

    /** A jOOQ context on the node's own connection, for raw statements the store never issues. */
    public DSLContext nodeSql(String nodeId) {
        return DSL.using(node(nodeId), SQLDialect.POSTGRES);
    }

    /**
     * Another database on the same server with its own login role as owner (another service's
     * store, e.g. the control plane's); returns its JDBC URL.
     */
    public String createDatabase(String name, String ownerRole, String password) {
        if (!name.matches("[a-z_]{1,32}") || !ownerRole.matches("[a-z_]{1,32}") || password.contains("'")) {
            throw new IllegalArgumentException("test database names are [a-z_]{1,32}");
        }
        DSLContext sql = superuserSql();
        sql.execute("create role " + ownerRole + " login password '" + password + "'");
        sql.execute("create database " + name + " owner " + ownerRole);
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name;
    }

    /** The superuser bypasses row-level security: the ground truth for assertions. */
    public DSLContext superuserSql() {
        return DSL.using(server.dataSource(DATABASE, PostgresServer.SUPERUSER,
                PostgresServer.SUPERUSER_PASSWORD), SQLDialect.POSTGRES);
    }

    DSLContext ownerSql() {
        return DSL.using(owner(), SQLDialect.POSTGRES);
    }

    @Override
    public void close() {
        server.close();
    }
}

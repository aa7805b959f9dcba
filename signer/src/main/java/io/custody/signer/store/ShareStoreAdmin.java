package io.custody.signer.store;

import static io.custody.signer.store.jooq.Tables.NODE_ROLES;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;

/**
 * Owner-side operations: the schema (Flyway, {@code classpath:db/migration}) and one login role
 * per signer node. Runs as the owner role, which owns the tables, has {@code CREATEROLE} and is
 * never handed to a signer; it cannot read shares ({@code key_shares} forces row-level security
 * and has no policy for it).
 *
 * <p>Node roles are made here rather than in a migration because nodes come and go without a
 * schema change, role names are cluster-wide, and a password must not end up in a migration
 * script or Flyway's history. The password is hashed (SCRAM-SHA-256) on this side by the JDBC
 * driver, so the server log never sees it in clear.
 */
public final class ShareStoreAdmin {
    private final DataSource owner;

    public ShareStoreAdmin(DataSource owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Applies pending migrations; returns how many ran. */
    public int migrate() {
        try {
            return Flyway.configure()
                    .dataSource(owner)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate()
                    .migrationsExecuted;
        } catch (FlywayException e) {
            throw new ShareStoreFailureException("migrating the share store schema", e);
        }
    }

    /**
     * Creates the node's login role as a member of {@link NodeRole#GROUP} and maps it to the node.
     * The password array is zeroed before returning.
     */
    public NodeRole createNodeRole(String nodeId, char[] password) {
        NodeRole role = NodeRole.of(nodeId);
        Objects.requireNonNull(password, "password");
        String what = "creating the database role of node " + nodeId;
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try {
                DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
                db.query("create role {0} login in role {1}",
                                DSL.name(role.roleName()), DSL.name(NodeRole.GROUP))
                        .execute();
                connection.unwrap(PGConnection.class)
                        .alterUserPassword(role.roleName(), password, "scram-sha-256");
                db.insertInto(NODE_ROLES)
                        .set(NODE_ROLES.ROLE_NAME, role.roleName())
                        .set(NODE_ROLES.NODE_ID, role.nodeId())
                        .execute();
                connection.commit();
                return role;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (DataAccessException e) {
            throw StoreErrors.translate(what, e);
        } catch (SQLException e) {
            throw new ShareStoreFailureException(what + " (SQLState " + e.getSQLState() + ")", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}

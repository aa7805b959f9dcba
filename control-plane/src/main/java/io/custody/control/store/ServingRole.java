package io.custody.control.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the role that serves requests must not be able to do, asked of Postgres itself: be a
 * superuser (who can switch triggers off with session_replication_role), own or belong to the owner
 * of the audit tables (ALTER TABLE ... DISABLE TRIGGER, DROP TRIGGER, CREATE OR REPLACE FUNCTION),
 * UPDATE, DELETE or TRUNCATE audit events, write the chain head, or create objects in schema
 * public. The control plane refuses to start as such a role; a migrate refuses to leave one behind.
 */
public final class ServingRole {

    private static final String QUERY = """
            select r.rolsuper,
                   pg_has_role(r.oid, t.relowner, 'MEMBER') as owns_audit,
                   has_any_column_privilege(r.oid, 'public.audit_events', 'UPDATE') as update_audit,
                   has_table_privilege(r.oid, 'public.audit_events', 'DELETE') as delete_audit,
                   has_table_privilege(r.oid, 'public.audit_events', 'TRUNCATE') as truncate_audit,
                   has_any_column_privilege(r.oid, 'public.audit_head', 'UPDATE')
                       or has_any_column_privilege(r.oid, 'public.audit_head', 'INSERT')
                       or has_table_privilege(r.oid, 'public.audit_head', 'DELETE')
                       or has_table_privilege(r.oid, 'public.audit_head', 'TRUNCATE') as write_head,
                   has_schema_privilege(r.oid, 'public', 'CREATE') as create_in_public
              from pg_roles r, pg_class t
             where r.rolname = ? and t.oid = 'public.audit_events'::regclass
            """;

    private ServingRole() {}

    /**
     * Why {@code role} may not serve, one sentence each (empty: it may). {@code dataSource} may
     * connect as any role that can see the catalog; the schema must be migrated.
     */
    public static List<String> problems(DataSource dataSource, String role) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(QUERY)) {
            s.setString(1, role);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return List.of("no role named " + role);
                }
                List<String> problems = new ArrayList<>();
                if (r.getBoolean("rolsuper")) {
                    problems.add("it is a superuser (it could turn triggers off)");
                }
                if (r.getBoolean("owns_audit")) {
                    problems.add("it owns the audit tables or is a member of their owner (it could disable or drop"
                            + " the triggers); serve as a separate role and run migrations as the owner");
                }
                if (r.getBoolean("update_audit") || r.getBoolean("delete_audit") || r.getBoolean("truncate_audit")) {
                    problems.add("it may UPDATE, DELETE or TRUNCATE audit_events");
                }
                if (r.getBoolean("write_head")) {
                    problems.add("it may write audit_head");
                }
                if (r.getBoolean("create_in_public")) {
                    problems.add("it may create objects in schema public: as the database superuser run"
                            + " `REVOKE CREATE ON SCHEMA public FROM PUBLIC` (or `ALTER SCHEMA public OWNER TO <owner>`"
                            + " and migrate again)");
                }
                return problems;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of("the schema is not migrated (no audit_events): run the migration as the schema owner");
            }
            throw new IllegalStateException("checking the role " + role + " failed: " + e.getMessage(), e);
        }
    }
}

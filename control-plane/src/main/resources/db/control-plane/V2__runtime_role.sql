-- Two roles (control-plane/README.md, "Audit"): the schema owner runs these migrations and owns
-- every table, trigger and function; the runtime role that serves requests gets, after each
-- migrate, exactly the grants in db/control-plane-grants/afterMigrate.sql. Owning nothing, the
-- runtime role cannot ALTER TABLE ... DISABLE TRIGGER, DROP TRIGGER or replace a trigger function;
-- without UPDATE, DELETE or TRUNCATE on audit_events it cannot rewrite the chain.

/* [jooq ignore start] */

-- The head moves only inside the append trigger, which runs as its owner: the runtime role can
-- read the head but not write it, so it cannot point the head anywhere else.
alter function audit_events_append() security definer;

-- pg_catalog first in every trigger function, so no operator or function a session puts earlier
-- on its search_path (in schema public or elsewhere) can stand in for a built-in one.
alter function audit_events_append() set search_path = pg_catalog, public, pg_temp;
alter function audit_events_no_truncate() set search_path = pg_catalog, public, pg_temp;
alter function immutable_row() set search_path = pg_catalog, public, pg_temp;
alter function signing_requests_guard() set search_path = pg_catalog, public, pg_temp;
alter function operations_guard() set search_path = pg_catalog, public, pg_temp;
alter function wallets_guard() set search_path = pg_catalog, public, pg_temp;
alter function api_clients_guard() set search_path = pg_catalog, public, pg_temp;

-- An append locks the head before it reads it (appends are serial and gapless). SELECT ... FOR
-- UPDATE needs UPDATE on the table, which the runtime role must not have: this function takes the
-- lock as the owner, in the caller's transaction, and gives the head back.
create function audit_head_for_append(out sequence bigint, out hash bytea)
    language sql
    security definer
    set search_path = pg_catalog, public, pg_temp
as $$
    select sequence, hash from public.audit_head where singleton for update;
$$;

revoke all on function audit_head_for_append() from public;

/* [jooq ignore stop] */

-- Flyway runs this after every migrate, as the schema owner: the runtime role ${runtime_role}
-- gets exactly what serving needs, whatever it had before (a re-run repairs drift).
-- Never UPDATE, DELETE or TRUNCATE on audit_events, nor any write to audit_head (the append
-- trigger moves the head as the owner), nor ownership of anything.

revoke all on all tables in schema public from ${runtime_role};
revoke all on all sequences in schema public from ${runtime_role};
revoke all on all functions in schema public from ${runtime_role};

grant usage on schema public to ${runtime_role};

-- State machines: rows are inserted, moved (guarded by triggers) and read, never deleted.
grant select, insert, update on api_clients, wallets, operations, signing_requests to ${runtime_role};
-- Written once, never changed (triggers refuse it as well).
grant select, insert on client_keys, wallet_signing_keys, operation_results, idempotency_records to ${runtime_role};
-- The audit log: appended and read; the head is read, and locked through audit_head_for_append().
grant select, insert on audit_events to ${runtime_role};
grant select on audit_head to ${runtime_role};
grant execute on function audit_head_for_append() to ${runtime_role};
-- Identity columns (ordinal) draw from their sequences.
grant usage on all sequences in schema public to ${runtime_role};
-- The serving process checks at start that the schema is migrated (Flyway validate reads this).
grant select on flyway_schema_history to ${runtime_role};

-- Nobody but the owner creates objects in public (a runtime-created operator or function must not
-- be able to shadow a built-in one). Only the schema's owner can revoke this; on PostgreSQL 14 and
-- older public belongs to the bootstrap superuser unless the DBA gave it to the owner role
-- (ALTER SCHEMA public OWNER TO <owner>). SchemaMigration checks the outcome either way.
do $$
begin
    if pg_has_role(current_user, (select nspowner from pg_namespace where nspname = 'public'), 'USAGE') then
        execute 'revoke create on schema public from public';
        execute format('revoke create on schema public from %I', '${runtime_role}');
    end if;
end;
$$;

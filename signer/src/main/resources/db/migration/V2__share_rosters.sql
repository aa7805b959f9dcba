-- The roster a share was made for (signer/README.md, "Share store"): the threshold and every
-- holder's node id in party order (party i = the i-th id, comma-separated). A restarted signer
-- needs both to coordinate and join signing sessions; neither is secret. Nullable only for rows
-- written before this migration; the signer always writes both.

alter table key_shares add column threshold integer;
alter table key_shares add column holders varchar(4096);
alter table key_shares add constraint key_shares_roster_ck check (
    (threshold is null and holders is null)
    or (threshold >= 2 and length(holders) >= 1));

/* [jooq ignore start] */

-- Written once like every other data column (key_shares_guard predates these two columns).
create function key_shares_roster_guard() returns trigger
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
begin
    if new.threshold is distinct from old.threshold or new.holders is distinct from old.holders then
        raise exception 'key share %/%/v% is immutable: only its state may change',
            old.wallet_id, old.node_id, old.share_version
            using errcode = 'KS001';
    end if;
    return new;
end
$$;

revoke all on function key_shares_roster_guard() from public;

create trigger key_shares_roster_guard
    before update on key_shares
    for each row execute function key_shares_roster_guard();

grant insert (threshold, holders) on key_shares to custody_node;

/* [jooq ignore stop] */

-- The per-node share store (signer/README.md, "Share store").
--
-- Run by the owner (migration) role, never by a node role. Every row holds ciphertext only:
-- sealed_share is the enclave's AEAD blob (associated data = wallet, node, share version) and
-- wrapped_data_key the KMS ciphertext of its data key.
--
-- A version moves pending -> active -> retired, or pending -> retired (abandoned refresh);
-- nothing else ever changes once written, and rows are never deleted by a node.
--
-- Statements between the "jooq ignore" markers are PostgreSQL-only (functions, triggers,
-- roles, grants, row-level security); jOOQ's DDLDatabase skips them when it generates code
-- from this file at build time.

create table node_roles (
    role_name varchar(63) not null,
    node_id   varchar(64) not null,
    constraint node_roles_pk primary key (role_name),
    constraint node_roles_node_id_uk unique (node_id),
    constraint node_roles_node_id_ck check (length(node_id) >= 1)
);

-- varchar(n) rather than text: DDLDatabase replays the script into H2, which cannot index a
-- CLOB (what jOOQ maps text to). The lengths are real limits too.
create table key_shares (
    wallet_id          varchar(128)  not null,
    node_id            varchar(64)   not null,
    share_version      integer       not null,
    state              varchar(8)    default 'pending' not null,
    public_key         bytea         not null,
    sealed_share       bytea         not null,
    wrapped_data_key   bytea         not null,
    kms_key_id         varchar(2048) not null,
    kms_key_generation integer       not null,
    created_at         timestamp with time zone default current_timestamp not null,
    activated_at       timestamp with time zone,
    retired_at         timestamp with time zone,
    constraint key_shares_pk primary key (wallet_id, node_id, share_version),
    constraint key_shares_wallet_id_ck check (length(wallet_id) >= 1),
    constraint key_shares_node_id_ck check (length(node_id) >= 1),
    constraint key_shares_share_version_ck check (share_version >= 1),
    constraint key_shares_state_ck check (state in ('pending', 'active', 'retired')),
    constraint key_shares_public_key_ck check (octet_length(public_key) = 33),
    constraint key_shares_sealed_share_ck check (octet_length(sealed_share) > 0),
    constraint key_shares_wrapped_data_key_ck check (octet_length(wrapped_data_key) > 0),
    constraint key_shares_kms_key_id_ck check (length(kms_key_id) >= 1),
    constraint key_shares_kms_key_generation_ck check (kms_key_generation >= 1),
    constraint key_shares_timestamps_ck check (
        (state = 'pending' and activated_at is null and retired_at is null)
        or (state = 'active' and activated_at is not null and retired_at is null)
        or (state = 'retired' and retired_at is not null))
);

/* [jooq ignore start] */

-- At most one active version per (wallet, node). Not deferrable: a switch retires the old
-- version before it activates the new one, inside one transaction.
create unique index key_shares_one_active
    on key_shares (wallet_id, node_id)
    where state = 'active';

-- Immutability and the state machine, for every role (the owner included): on INSERT a row
-- starts pending; on UPDATE only the state may move forward, and the trigger stamps its time.
create function key_shares_guard() returns trigger
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
begin
    if tg_op = 'INSERT' then
        if new.state <> 'pending' or new.activated_at is not null or new.retired_at is not null then
            raise exception 'key share %/%/v% must be inserted as pending',
                new.wallet_id, new.node_id, new.share_version
                using errcode = 'KS002';
        end if;
        new.created_at := now();
        return new;
    end if;

    if tg_op in ('DELETE', 'TRUNCATE') then
        raise exception 'key shares are never deleted' using errcode = 'KS001';
    end if;

    if new.wallet_id is distinct from old.wallet_id
            or new.node_id is distinct from old.node_id
            or new.share_version is distinct from old.share_version
            or new.public_key is distinct from old.public_key
            or new.sealed_share is distinct from old.sealed_share
            or new.wrapped_data_key is distinct from old.wrapped_data_key
            or new.kms_key_id is distinct from old.kms_key_id
            or new.kms_key_generation is distinct from old.kms_key_generation
            or new.created_at is distinct from old.created_at
            or new.activated_at is distinct from old.activated_at
            or new.retired_at is distinct from old.retired_at then
        raise exception 'key share %/%/v% is immutable: only its state may change',
            old.wallet_id, old.node_id, old.share_version
            using errcode = 'KS001';
    end if;

    if new.state = old.state then
        return new;
    elsif old.state = 'pending' and new.state = 'active' then
        new.activated_at := now();
    elsif old.state in ('pending', 'active') and new.state = 'retired' then
        new.retired_at := now();
    else
        raise exception 'key share %/%/v% cannot move from % to %',
            old.wallet_id, old.node_id, old.share_version, old.state, new.state
            using errcode = 'KS002';
    end if;
    return new;
end
$$;

revoke all on function key_shares_guard() from public;

create trigger key_shares_guard
    before insert or update or delete on key_shares
    for each row execute function key_shares_guard();

create trigger key_shares_no_truncate
    before truncate on key_shares
    for each statement execute function key_shares_guard();

-- Every signer node's login role is a member of this group; the group holds the grants and
-- the policies name it. Roles are cluster-wide, hence "if not exists".
do $$
begin
    if not exists (select 1 from pg_catalog.pg_roles where rolname = 'custody_node') then
        create role custody_node nologin;
    end if;
end
$$;

revoke all on node_roles, key_shares from public;

grant select on node_roles to custody_node;
grant select on key_shares to custody_node;
grant insert (wallet_id, node_id, share_version, public_key, sealed_share, wrapped_data_key,
              kms_key_id, kms_key_generation) on key_shares to custody_node;
grant update (state) on key_shares to custody_node;

-- node_roles is maintained by the owner (ShareStoreAdmin), so it is not forced: the owner
-- bypasses its policy. key_shares is forced and has no owner policy: the owner sees no share.
alter table node_roles enable row level security;
alter table key_shares enable row level security;
alter table key_shares force row level security;

-- A node role sees only its own mapping, and through it only its own shares.
create policy node_roles_self on node_roles
    for select to custody_node
    using (role_name = current_user);

create policy key_shares_select on key_shares
    for select to custody_node
    using (node_id = (select r.node_id from node_roles r where r.role_name = current_user));

create policy key_shares_insert on key_shares
    for insert to custody_node
    with check (node_id = (select r.node_id from node_roles r where r.role_name = current_user));

create policy key_shares_update on key_shares
    for update to custody_node
    using (node_id = (select r.node_id from node_roles r where r.role_name = current_user))
    with check (node_id = (select r.node_id from node_roles r where r.role_name = current_user));

/* [jooq ignore stop] */

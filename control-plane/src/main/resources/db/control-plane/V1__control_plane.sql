-- The control plane's operational store (control-plane/README.md, "Store").
--
-- Wallets, their DKG/refresh operations and the per-node results those collected, signing
-- requests, API clients and their keys, idempotency records and the hash-chained audit log.
-- Nothing here is secret: no key share, no private key, no seed ever reaches this database.
--
-- State machines are enforced here as well as in Java: the triggers between the "jooq ignore"
-- markers refuse any transition the code would not make (a terminal state is final, immutable
-- columns stay as inserted, the audit log is append-only and chained). They are PostgreSQL-only,
-- so jOOQ's DDLDatabase skips them when it generates code from this file at build time.
--
-- varchar(n) rather than text where a column is indexed: DDLDatabase replays this script into
-- H2, which cannot index a CLOB. The lengths are real limits too.

create table api_clients (
    client_id     varchar(64)  not null,
    ordinal       bigint generated always as identity,
    display_name  varchar(128) not null,
    state         varchar(8)   not null,
    create_time   timestamp with time zone not null,
    revoke_time   timestamp with time zone,
    revoke_reason varchar(512) default '' not null,
    constraint api_clients_pk primary key (client_id),
    constraint api_clients_ordinal_uk unique (ordinal),
    constraint api_clients_state_ck check (state in ('active', 'revoked')),
    constraint api_clients_revoked_ck check ((state = 'active' and revoke_time is null)
        or (state = 'revoked' and revoke_time is not null))
);

-- Key ids are unique across all clients: "sha256:" + 64 hex digits of the key's SPKI.
create table client_keys (
    key_id      varchar(71) not null,
    client_id   varchar(64) not null,
    position    integer     not null,
    algorithm   varchar(24) not null,
    public_key  bytea       not null,
    constraint client_keys_pk primary key (key_id),
    constraint client_keys_client_fk foreign key (client_id) references api_clients (client_id),
    constraint client_keys_algorithm_ck check (algorithm in ('ed25519', 'ecdsa_p256_sha256')),
    constraint client_keys_key_id_ck check (length(key_id) = 71)
);

create table wallets (
    wallet_id        varchar(64)   not null,
    ordinal          bigint generated always as identity,
    display_name     varchar(128)  not null,
    state            varchar(10)   not null,
    curve            varchar(16)   not null,
    public_key       bytea,
    chain_code       bytea,
    threshold        integer       not null,
    share_count      integer       not null,
    share_version    integer       default 0 not null,
    node_ids         varchar(2048) not null,
    kms_key_id       varchar(2048) not null,
    -- custody.v1.WalletGovernance as fixed at creation (deterministic encoding); the enclaves
    -- bind the same message into every share, so it is kept verbatim rather than re-modelled.
    governance       bytea         not null,
    allow_raw_digest boolean       not null,
    create_time      timestamp with time zone not null,
    refresh_time     timestamp with time zone,
    constraint wallets_pk primary key (wallet_id),
    constraint wallets_ordinal_uk unique (ordinal),
    constraint wallets_state_ck check (state in ('creating', 'active', 'refreshing', 'failed')),
    constraint wallets_curve_ck check (curve in ('secp256k1')),
    constraint wallets_quorum_ck check (threshold >= 1 and share_count >= threshold),
    constraint wallets_key_ck check ((state in ('creating', 'failed') and public_key is null)
        or (state in ('active', 'refreshing') and octet_length(public_key) = 33 and share_version >= 1))
);

-- The keys of each wallet's governance, for ListWallets and the PERMISSION_DENIED check.
create table wallet_signing_keys (
    wallet_id varchar(64) not null,
    key_id    varchar(71) not null,
    constraint wallet_signing_keys_pk primary key (wallet_id, key_id),
    constraint wallet_signing_keys_wallet_fk foreign key (wallet_id) references wallets (wallet_id)
);

create index wallet_signing_keys_key_idx on wallet_signing_keys (key_id);

-- A DKG (kind create) or refresh; stage keygen -> activate -> done, or -> failed from either.
create table operations (
    operation_id         varchar(64)   not null,
    kind                 varchar(8)    not null,
    wallet_id            varchar(64)   not null,
    stage                varchar(8)    not null,
    share_version        integer       not null,
    public_key           bytea,
    chain_code           bytea,
    error_code           integer,
    error_message        varchar(1024),
    error_correlation_id varchar(64),
    job_published        boolean       default false not null,
    deadline             timestamp with time zone not null,
    create_time          timestamp with time zone not null,
    update_time          timestamp with time zone not null,
    constraint operations_pk primary key (operation_id),
    constraint operations_wallet_fk foreign key (wallet_id) references wallets (wallet_id),
    constraint operations_kind_ck check (kind in ('create', 'refresh')),
    constraint operations_stage_ck check (stage in ('keygen', 'activate', 'done', 'failed')),
    constraint operations_error_ck check ((stage = 'failed') = (error_code is not null)),
    constraint operations_agreed_ck check (stage = 'keygen' or stage = 'failed' or public_key is not null)
);

create index operations_running_idx on operations (stage);

-- What each node reported for a stage of an operation (custody.mpc.v1.JobResult bytes); the
-- first report per node and stage counts.
create table operation_results (
    operation_id  varchar(64) not null,
    stage         varchar(8)  not null,
    node_id       varchar(64) not null,
    result        bytea       not null,
    received_time timestamp with time zone not null,
    constraint operation_results_pk primary key (operation_id, stage, node_id),
    constraint operation_results_operation_fk foreign key (operation_id) references operations (operation_id),
    constraint operation_results_stage_ck check (stage in ('keygen', 'activate'))
);

create table signing_requests (
    request_id             varchar(64)   not null,
    ordinal                bigint generated always as identity,
    wallet_id              varchar(64)   not null,
    client_id              varchar(64)   not null,
    client_key_id          varchar(71)   not null,
    idempotency_key        varchar(128)  not null,
    method                 varchar(128)  not null,
    -- the request exactly as received (protobuf bytes, signature included): the enclaves
    -- verify the signature and recompute the digest from it themselves
    request_bytes          bytea         not null,
    digest                 bytea         not null,
    state                  varchar(8)    not null,
    job_published          boolean       default false not null,
    signature_r            bytea,
    signature_s            bytea,
    recovery_id            integer,
    signed_transaction     bytea,
    transaction_hash       bytea,
    quorum_node_ids        varchar(2048),
    failure_reason         varchar(24),
    failure_message        varchar(1024),
    failure_correlation_id varchar(64),
    deadline               timestamp with time zone not null,
    create_time            timestamp with time zone not null,
    update_time            timestamp with time zone not null,
    constraint signing_requests_pk primary key (request_id),
    constraint signing_requests_ordinal_uk unique (ordinal),
    constraint signing_requests_wallet_fk foreign key (wallet_id) references wallets (wallet_id),
    constraint signing_requests_state_ck check (state in ('received', 'queued', 'signing', 'signed', 'failed')),
    constraint signing_requests_digest_ck check (octet_length(digest) = 32),
    constraint signing_requests_signed_ck check ((state = 'signed') = (signature_r is not null
        and signature_s is not null and recovery_id is not null)),
    constraint signing_requests_failed_ck check ((state = 'failed') = (failure_reason is not null))
);

create index signing_requests_open_idx on signing_requests (state);

-- Idempotency keys, scoped to the client key that signed (key ids are unique across clients
-- and operators). request_sha256 = SHA-256 of the signed bytes (method name included), so the
-- same key with other bytes, or for another method, is refused.
create table idempotency_records (
    key_id          varchar(71)  not null,
    idempotency_key varchar(128) not null,
    method          varchar(128) not null,
    request_sha256  bytea        not null,
    resource        varchar(160) not null,
    create_time     timestamp with time zone not null,
    constraint idempotency_records_pk primary key (key_id, idempotency_key),
    constraint idempotency_records_sha_ck check (octet_length(request_sha256) = 32)
);

-- custody.admin.v1.AuditEvent, one row per event, numbered from 1 without gaps; hash and
-- previous_hash as custody/admin/v1/audit.proto defines them. time is stored in microseconds
-- (Postgres' precision), and hashed as stored.
create table audit_events (
    sequence       bigint        not null,
    event_time     timestamp with time zone not null,
    actor          varchar(256)  not null,
    action         varchar(64)   not null,
    resource       varchar(256)  not null,
    correlation_id varchar(256)  not null,
    details_json   text          not null,
    previous_hash  bytea         not null,
    hash           bytea         not null,
    constraint audit_events_pk primary key (sequence),
    constraint audit_events_sequence_ck check (sequence >= 1),
    constraint audit_events_hash_ck check (octet_length(hash) = 32 and octet_length(previous_hash) = 32)
);

create index audit_events_resource_idx on audit_events (resource, sequence);

-- The chain's head: the one row every append locks (FOR UPDATE), so appends are serial and
-- numbered without gaps.
create table audit_head (
    singleton boolean not null,
    sequence  bigint  not null,
    hash      bytea   not null,
    constraint audit_head_pk primary key (singleton),
    constraint audit_head_singleton_ck check (singleton)
);

/* [jooq ignore start] */

insert into audit_head (singleton, sequence, hash) values (true, 0, decode(repeat('00', 32), 'hex'));

-- The audit log is append-only and each insert must extend the head exactly: the next sequence,
-- linked to the head's hash. The trigger moves the head, in the same transaction as the insert.
create function audit_events_append() returns trigger
    language plpgsql
    set search_path = public, pg_catalog, pg_temp
as $$
declare
    head record;
begin
    if tg_op <> 'INSERT' then
        raise exception 'audit_events is append-only (% refused)', tg_op using errcode = '42501';
    end if;
    select sequence, hash into head from audit_head where singleton for update;
    if new.sequence <> head.sequence + 1 or new.previous_hash <> head.hash then
        raise exception 'audit event % does not extend the chain at %', new.sequence, head.sequence
            using errcode = '23514';
    end if;
    update audit_head set sequence = new.sequence, hash = new.hash where singleton;
    return new;
end;
$$;

create trigger audit_events_append before insert or update or delete on audit_events
    for each row execute function audit_events_append();

create function audit_events_no_truncate() returns trigger
    language plpgsql
as $$
begin
    raise exception 'audit_events is append-only (TRUNCATE refused)' using errcode = '42501';
end;
$$;

create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_no_truncate();

-- Idempotency records never change: a key answers with what it first created.
create function immutable_row() returns trigger
    language plpgsql
as $$
begin
    raise exception '% rows are immutable (% refused)', tg_table_name, tg_op using errcode = '42501';
end;
$$;

create trigger idempotency_records_immutable before update or delete on idempotency_records
    for each row execute function immutable_row();

-- Signing requests: RECEIVED -> QUEUED -> SIGNING -> SIGNED, FAILED from any non-terminal state;
-- SIGNED and FAILED are final; what the client sent never changes.
create function signing_requests_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'signing requests are never deleted' using errcode = '42501';
    end if;
    if tg_op = 'INSERT' then
        if new.state <> 'received' then
            raise exception 'a signing request starts RECEIVED, not %', new.state using errcode = '23514';
        end if;
        return new;
    end if;
    if old.state in ('signed', 'failed') then
        raise exception 'signing request % is % (final)', old.request_id, old.state using errcode = '23514';
    end if;
    if new.request_id <> old.request_id or new.wallet_id <> old.wallet_id or new.client_id <> old.client_id
            or new.client_key_id <> old.client_key_id or new.idempotency_key <> old.idempotency_key
            or new.method <> old.method or new.request_bytes <> old.request_bytes or new.digest <> old.digest
            or new.create_time <> old.create_time or new.deadline <> old.deadline then
        raise exception 'signing request % : what the client sent never changes', old.request_id
            using errcode = '23514';
    end if;
    if new.state <> old.state and not (
            (old.state = 'received' and new.state in ('queued', 'failed'))
            or (old.state = 'queued' and new.state in ('signing', 'failed'))
            or (old.state = 'signing' and new.state in ('signed', 'failed'))) then
        raise exception 'signing request %: % -> % is not a transition', old.request_id, old.state, new.state
            using errcode = '23514';
    end if;
    return new;
end;
$$;

create trigger signing_requests_guard before insert or update or delete on signing_requests
    for each row execute function signing_requests_guard();

-- Operations: keygen -> activate -> done, failed from keygen or activate; done and failed final.
create function operations_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'operations are never deleted' using errcode = '42501';
    end if;
    if tg_op = 'INSERT' then
        if new.stage <> 'keygen' then
            raise exception 'an operation starts in keygen, not %', new.stage using errcode = '23514';
        end if;
        return new;
    end if;
    if old.stage in ('done', 'failed') then
        raise exception 'operation % is % (final)', old.operation_id, old.stage using errcode = '23514';
    end if;
    if new.operation_id <> old.operation_id or new.kind <> old.kind or new.wallet_id <> old.wallet_id
            or new.share_version <> old.share_version or new.create_time <> old.create_time then
        raise exception 'operation %: its identity never changes', old.operation_id using errcode = '23514';
    end if;
    if new.stage <> old.stage and not (
            (old.stage = 'keygen' and new.stage in ('activate', 'failed'))
            or (old.stage = 'activate' and new.stage in ('done', 'failed'))) then
        raise exception 'operation %: % -> % is not a transition', old.operation_id, old.stage, new.stage
            using errcode = '23514';
    end if;
    return new;
end;
$$;

create trigger operations_guard before insert or update or delete on operations
    for each row execute function operations_guard();

-- Wallets: creating -> active | failed; active <-> refreshing; failed is final; the key, once
-- set, never changes (a refresh keeps it), and neither does the governance.
create function wallets_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'wallets are never deleted' using errcode = '42501';
    end if;
    if tg_op = 'INSERT' then
        if new.state <> 'creating' then
            raise exception 'a wallet starts CREATING, not %', new.state using errcode = '23514';
        end if;
        return new;
    end if;
    if old.state = 'failed' then
        raise exception 'wallet % is failed (final)', old.wallet_id using errcode = '23514';
    end if;
    if new.wallet_id <> old.wallet_id or new.governance <> old.governance or new.threshold <> old.threshold
            or new.share_count <> old.share_count or new.create_time <> old.create_time
            or (old.public_key is not null and new.public_key is distinct from old.public_key)
            or (old.chain_code is not null and new.chain_code is distinct from old.chain_code)
            or new.share_version < old.share_version then
        raise exception 'wallet %: its key and governance never change', old.wallet_id using errcode = '23514';
    end if;
    if new.state <> old.state and not (
            (old.state = 'creating' and new.state in ('active', 'failed'))
            or (old.state = 'active' and new.state = 'refreshing')
            or (old.state = 'refreshing' and new.state = 'active')) then
        raise exception 'wallet %: % -> % is not a transition', old.wallet_id, old.state, new.state
            using errcode = '23514';
    end if;
    return new;
end;
$$;

create trigger wallets_guard before insert or update or delete on wallets
    for each row execute function wallets_guard();

-- API clients: active -> revoked, final; keys are never changed or removed.
create function api_clients_guard() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'API clients are never deleted' using errcode = '42501';
    end if;
    if old.state = 'revoked' then
        raise exception 'API client % is revoked (final)', old.client_id using errcode = '23514';
    end if;
    if new.client_id <> old.client_id or new.create_time <> old.create_time then
        raise exception 'API client %: its identity never changes', old.client_id using errcode = '23514';
    end if;
    return new;
end;
$$;

create trigger api_clients_guard before update or delete on api_clients
    for each row execute function api_clients_guard();

create trigger client_keys_immutable before update or delete on client_keys
    for each row execute function immutable_row();

/* [jooq ignore stop] */

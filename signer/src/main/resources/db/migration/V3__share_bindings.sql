-- What the enclave bound into a share's sealed associated data besides wallet, node, version and
-- public key (signer/README.md, "Share store"): the wallet's governance (the deterministic
-- custody.v1.WalletGovernance: the client keys that may sign, raw digests on/off; empty for an
-- ungoverned test wallet) and the 32-byte BIP-32 chain code of the root key. The node gives both
-- back to its enclave with the blob at reopen; altered, the blob does not open. Neither is secret.
-- Nullable only for rows written before this migration (no enclave of this version opens those);
-- the signer always writes both.

alter table key_shares add column governance bytea;
alter table key_shares add column chain_code bytea;
alter table key_shares add constraint key_shares_governance_ck check (
    governance is null or octet_length(governance) <= 65536);
alter table key_shares add constraint key_shares_chain_code_ck check (
    chain_code is null or octet_length(chain_code) = 32);

/* [jooq ignore start] */

-- Written once like every other data column.
create function key_shares_binding_guard() returns trigger
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
begin
    if new.governance is distinct from old.governance or new.chain_code is distinct from old.chain_code then
        raise exception 'key share %/%/v% is immutable: only its state may change',
            old.wallet_id, old.node_id, old.share_version
            using errcode = 'KS001';
    end if;
    return new;
end
$$;

revoke all on function key_shares_binding_guard() from public;

create trigger key_shares_binding_guard
    before update on key_shares
    for each row execute function key_shares_binding_guard();

grant insert (governance, chain_code) on key_shares to custody_node;

/* [jooq ignore stop] */

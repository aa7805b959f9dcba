package io.custody.control.store;

import static io.custody.control.store.jooq.Tables.WALLETS;
import static io.custody.control.store.jooq.Tables.WALLET_SIGNING_KEYS;

import io.custody.control.store.jooq.tables.records.WalletsRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Wallets and their governance keys ({@code wallets}, {@code wallet_signing_keys}). */
public final class WalletStore {

    private final Database database;

    public WalletStore(Database database) {
        this.database = database;
    }

    /** A new wallet, CREATING. */
    public void insert(DSLContext tx, String walletId, String displayName, int threshold, List<String> nodeIds,
            String kmsKeyId, byte[] governance, boolean allowRawDigest, List<String> signingKeyIds, Instant now) {
        tx.insertInto(WALLETS)
                .set(WALLETS.WALLET_ID, walletId)
                .set(WALLETS.DISPLAY_NAME, displayName)
                .set(WALLETS.STATE, StoredWallet.State.CREATING.storeName())
                .set(WALLETS.CURVE, "secp256k1")
                .set(WALLETS.THRESHOLD, threshold)
                .set(WALLETS.SHARE_COUNT, nodeIds.size())
                .set(WALLETS.NODE_IDS, String.join(",", nodeIds))
                .set(WALLETS.KMS_KEY_ID, kmsKeyId)
                .set(WALLETS.GOVERNANCE, governance)
                .set(WALLETS.ALLOW_RAW_DIGEST, allowRawDigest)
                .set(WALLETS.CREATE_TIME, Database.utc(now))
                .execute();
        for (String keyId : signingKeyIds.stream().distinct().toList()) {
            tx.insertInto(WALLET_SIGNING_KEYS).set(WALLET_SIGNING_KEYS.WALLET_ID, walletId)
                    .set(WALLET_SIGNING_KEYS.KEY_ID, keyId).execute();
        }
    }

    public Optional<StoredWallet> get(String walletId) {
        return get(database.read(), walletId, false);
    }

    /** The wallet, its row locked until {@code tx} ends when {@code lock}. */
    public Optional<StoredWallet> get(DSLContext dsl, String walletId, boolean lock) {
        var query = dsl.selectFrom(WALLETS).where(WALLETS.WALLET_ID.eq(walletId));
        Optional<WalletsRecord> row = lock ? query.forUpdate().fetchOptional() : query.fetchOptional();
        return row.map(r -> wallet(r, keysOf(dsl, List.of(walletId)).getOrDefault(walletId, List.of())));
    }

    /** Moves the wallet from {@code from} to {@code to}; false if it was not in {@code from}. */
    public boolean transition(DSLContext tx, String walletId, StoredWallet.State from, StoredWallet.State to) {
        return tx.update(WALLETS).set(WALLETS.STATE, to.storeName())
                .where(WALLETS.WALLET_ID.eq(walletId).and(WALLETS.STATE.eq(from.storeName()))).execute() == 1;
    }

    /** The DKG or refresh is done: ACTIVE with the agreed key and {@code shareVersion}. */
    public void activate(DSLContext tx, String walletId, StoredWallet.State from, byte[] publicKey, byte[] chainCode,
            int shareVersion, Instant refreshTime) {
        int updated = tx.update(WALLETS)
                .set(WALLETS.STATE, StoredWallet.State.ACTIVE.storeName())
                .set(WALLETS.PUBLIC_KEY, publicKey)
                .set(WALLETS.CHAIN_CODE, chainCode)
                .set(WALLETS.SHARE_VERSION, shareVersion)
                .set(WALLETS.REFRESH_TIME, refreshTime == null ? DSL.field(WALLETS.REFRESH_TIME)
                        : DSL.val(Database.utc(refreshTime)))
                .where(WALLETS.WALLET_ID.eq(walletId).and(WALLETS.STATE.eq(from.storeName())))
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("wallet " + walletId + " is not " + from);
        }
    }

    /** Wallets whose governance lists one of {@code keyIds}, oldest first, after {@code afterOrdinal}. */
    public Page<StoredWallet> listForKeys(List<String> keyIds, long afterOrdinal, int size) {
        DSLContext dsl = database.read();
        List<WalletsRecord> rows = dsl.selectFrom(WALLETS)
                .where(WALLETS.ORDINAL.gt(afterOrdinal))
                .and(DSL.exists(DSL.selectOne().from(WALLET_SIGNING_KEYS)
                        .where(WALLET_SIGNING_KEYS.WALLET_ID.eq(WALLETS.WALLET_ID))
                        .and(WALLET_SIGNING_KEYS.KEY_ID.in(keyIds))))
                .orderBy(WALLETS.ORDINAL).limit(size + 1).fetch();
        Map<String, List<String>> keys = keysOf(dsl, rows.stream().map(WalletsRecord::getWalletId).toList());
        return Page.of(rows.stream().map(r -> wallet(r, keys.getOrDefault(r.getWalletId(), List.of()))).toList(),
                size, StoredWallet::ordinal);
    }

    private static Map<String, List<String>> keysOf(DSLContext dsl, List<String> walletIds) {
        if (walletIds.isEmpty()) {
            return Map.of();
        }
        return dsl.selectFrom(WALLET_SIGNING_KEYS).where(WALLET_SIGNING_KEYS.WALLET_ID.in(walletIds)).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.getWalletId(),
                        Collectors.mapping(r -> r.getKeyId(), Collectors.toList())));
    }

    private static StoredWallet wallet(WalletsRecord r, List<String> keyIds) {
        return new StoredWallet(r.getWalletId(), r.getOrdinal(), r.getDisplayName(),
                StoredWallet.State.fromStoreName(r.getState()), r.getCurve(), r.getPublicKey(), r.getChainCode(),
                r.getThreshold(), r.getShareCount(), r.getShareVersion(), Arrays.asList(r.getNodeIds().split(",")),
                r.getKmsKeyId(), r.getGovernance(), r.getAllowRawDigest(), keyIds, Database.instant(r.getCreateTime()),
                Database.instant(r.getRefreshTime()));
    }
}

package io.custody.signer.store;

import static io.custody.signer.store.jooq.Tables.KEY_SHARES;
import static io.custody.signer.store.jooq.Tables.NODE_ROLES;

import io.custody.signer.store.jooq.tables.records.KeySharesRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * One signer node's shares, read and written through that node's own Postgres role. The node is
 * whatever {@code node_roles} maps the connection's {@code current_user} to; row-level security
 * hides every other node's rows, and this class filters on its node id as well.
 *
 * <p>Life cycle of a version: {@link #store} writes it {@link ShareState#PENDING}; {@link
 * #activate} then, in one transaction, retires the active version (if any) and activates the new
 * one. A concurrent reader sees the snapshot before or after that commit, so it sees exactly one
 * active version once the first one is activated, never zero and never two; the partial unique
 * index {@code key_shares_one_active} makes two impossible even for a buggy writer.
 */
public final class ShareStore {
    private final DSLContext db;
    private final String nodeId;

    private ShareStore(DSLContext db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
    }

    /** Opens the store for the node that {@code dataSource}'s login role is mapped to. */
    public static ShareStore open(DataSource dataSource) {
        return open(DSL.using(Objects.requireNonNull(dataSource, "dataSource"), SQLDialect.POSTGRES));
    }

    /** As {@link #open(DataSource)}, for a context already connected as a node role. */
    public static ShareStore open(DSLContext db) {
        Objects.requireNonNull(db, "db");
        String node;
        try {
            node = db.select(NODE_ROLES.NODE_ID)
                    .from(NODE_ROLES)
                    .where(NODE_ROLES.ROLE_NAME.eq(DSL.currentUser()))
                    .fetchOne(NODE_ROLES.NODE_ID);
        } catch (DataAccessException e) {
            throw StoreErrors.translate("resolving this connection's signer node", e);
        }
        if (node == null) {
            throw new ShareAccessDeniedException(
                    "the connection's database role is not mapped to a signer node", null, null);
        }
        return new ShareStore(db, node);
    }

    /** The node this store reads and writes for. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Writes a new version as {@link ShareState#PENDING}. Fails with {@link
     * ShareVersionConflictException} if the version exists, {@link ShareAccessDeniedException} if
     * the share names another node.
     */
    public void store(StoredShare share) {
        store(share, null);
    }

    /**
     * As {@link #store(StoredShare)}, with the roster the share was made for (threshold and
     * holders in party order), which {@link #activeShares()} returns to a restarted node.
     */
    public void store(StoredShare share, ShareRoster roster) {
        Objects.requireNonNull(share, "share");
        if (roster != null && roster.partyOf(share.nodeId()) == 0) {
            throw new IllegalArgumentException("the roster does not list " + share.nodeId());
        }
        String what = describe("storing", share.walletId(), share.nodeId(), share.version());
        try {
            db.insertInto(KEY_SHARES)
                    .set(KEY_SHARES.WALLET_ID, share.walletId())
                    .set(KEY_SHARES.NODE_ID, share.nodeId())
                    .set(KEY_SHARES.SHARE_VERSION, share.version())
                    .set(KEY_SHARES.PUBLIC_KEY, share.publicKey())
                    .set(KEY_SHARES.SEALED_SHARE, share.sealedShare())
                    .set(KEY_SHARES.WRAPPED_DATA_KEY, share.wrappedDataKey())
                    .set(KEY_SHARES.KMS_KEY_ID, share.kmsKey().keyId())
                    .set(KEY_SHARES.KMS_KEY_GENERATION, share.kmsKey().generation())
                    .set(KEY_SHARES.THRESHOLD, roster == null ? null : roster.threshold())
                    .set(KEY_SHARES.HOLDERS, roster == null ? null : roster.holdersColumn())
                    .set(KEY_SHARES.GOVERNANCE, share.governance())
                    .set(KEY_SHARES.CHAIN_CODE, share.chainCode().length == 0 ? null : share.chainCode())
                    .execute();
        } catch (DataAccessException e) {
            throw StoreErrors.translate(what, e);
        }
    }

    /** This node's active version of the wallet's share, if one has been activated. */
    public Optional<StoredShare> activeShare(String walletId) {
        return fetch("reading the active share of wallet " + walletId,
                        mine(walletId).and(KEY_SHARES.STATE.eq(ShareState.ACTIVE.column())))
                .stream()
                .findFirst()
                .map(ShareVersion::share);
    }

    /**
     * Every active share of this node (one per wallet), with its roster: what a restarted node
     * reopens. Ordered by wallet id.
     */
    public List<ActiveShare> activeShares() {
        try {
            return db.selectFrom(KEY_SHARES)
                    .where(KEY_SHARES.NODE_ID.eq(nodeId))
                    .and(KEY_SHARES.STATE.eq(ShareState.ACTIVE.column()))
                    .orderBy(KEY_SHARES.WALLET_ID)
                    .fetch(r -> new ActiveShare(ShareRows.toShareVersion(r).share(),
                            java.util.Optional.ofNullable(ShareRoster.fromColumns(r.getThreshold(), r.getHolders()))));
        } catch (DataAccessException e) {
            throw StoreErrors.translate("reading the active shares of node " + nodeId, e);
        }
    }

    /** A given version of this node's share, whatever its state. */
    public StoredShare share(String walletId, int version) {
        return fetch(describe("reading", walletId, nodeId, version),
                        mine(walletId).and(KEY_SHARES.SHARE_VERSION.eq(version)))
                .stream()
                .findFirst()
                .map(ShareVersion::share)
                .orElseThrow(() -> new ShareNotFoundException(walletId, nodeId, version));
    }

    /** Every version of this node's share of the wallet, oldest first. */
    public List<ShareVersion> history(String walletId) {
        return fetch("reading the history of wallet " + walletId, mine(walletId));
    }

    /**
     * Makes {@code version} the active one, atomically: in one transaction it locks this node's
     * rows of the wallet, retires the active version and activates the pending one. Activating
     * the version that is already active does nothing. Refuses (without changing anything) a
     * missing version, a retired one, or one not newer than the active version.
     */
    public void activate(String walletId, int version) {
        String what = describe("activating", walletId, nodeId, version);
        try {
            db.transaction(tx -> new Activation(tx.dsl(), walletId, nodeId, version).run());
        } catch (DataAccessException e) {
            throw StoreErrors.translate(what, e);
        }
    }

    /** Retires a pending version that will never be activated (an abandoned refresh). */
    public void abandon(String walletId, int version) {
        String what = describe("abandoning", walletId, nodeId, version);
        int updated;
        try {
            updated = db.update(KEY_SHARES)
                    .set(KEY_SHARES.STATE, ShareState.RETIRED.column())
                    .where(mine(walletId))
                    .and(KEY_SHARES.SHARE_VERSION.eq(version))
                    .and(KEY_SHARES.STATE.eq(ShareState.PENDING.column()))
                    .execute();
        } catch (DataAccessException e) {
            throw StoreErrors.translate(what, e);
        }
        if (updated == 0) {
            share(walletId, version); // throws ShareNotFoundException if it does not exist
            throw new ShareStateException(what + ": only a pending version can be abandoned");
        }
    }

    private Condition mine(String walletId) {
        Objects.requireNonNull(walletId, "walletId");
        return KEY_SHARES.WALLET_ID.eq(walletId).and(KEY_SHARES.NODE_ID.eq(nodeId));
    }

    private List<ShareVersion> fetch(String what, Condition condition) {
        try {
            return db.selectFrom(KEY_SHARES)
                    .where(condition)
                    .orderBy(KEY_SHARES.SHARE_VERSION)
                    .fetch(ShareRows::toShareVersion);
        } catch (DataAccessException e) {
            throw StoreErrors.translate(what, e);
        }
    }

    static String describe(String verb, String walletId, String nodeId, int version) {
        return verb + " share version " + version + " of wallet " + walletId + " for node " + nodeId;
    }

    /** Row mapping, kept beside the only class that reads rows. */
    static final class ShareRows {
        private ShareRows() {}

        static ShareVersion toShareVersion(KeySharesRecord r) {
            StoredShare share = new StoredShare(
                    r.getWalletId(),
                    r.getNodeId(),
                    r.getShareVersion(),
                    r.getPublicKey(),
                    r.getSealedShare(),
                    r.getWrappedDataKey(),
                    new KmsKeyRef(r.getKmsKeyId(), r.getKmsKeyGeneration()),
                    r.getGovernance() == null ? new byte[0] : r.getGovernance(),
                    r.getChainCode() == null ? new byte[0] : r.getChainCode());
            return new ShareVersion(
                    share,
                    ShareState.fromColumn(r.getState()),
                    r.getCreatedAt().toInstant(),
                    r.getActivatedAt() == null ? null : r.getActivatedAt().toInstant(),
                    r.getRetiredAt() == null ? null : r.getRetiredAt().toInstant());
        }
    }
}

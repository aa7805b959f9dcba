package io.custody.signer.store;

import static io.custody.signer.store.jooq.Tables.KEY_SHARES;

import io.custody.signer.store.jooq.tables.records.KeySharesRecord;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The body of {@link ShareStore#activate}: runs inside the caller's transaction. Row locks
 * ({@code SELECT ... FOR UPDATE} on this node's rows of the wallet) serialise concurrent
 * activations; the old version is retired before the new one is activated, so the
 * non-deferrable one-active index holds after every statement.
 */
final class Activation {
    private final DSLContext tx;
    private final String walletId;
    private final String nodeId;
    private final int version;

    Activation(DSLContext tx, String walletId, String nodeId, int version) {
        this.tx = tx;
        this.walletId = walletId;
        this.nodeId = nodeId;
        this.version = version;
    }

    void run() {
        List<KeySharesRecord> rows = tx.selectFrom(KEY_SHARES)
                .where(KEY_SHARES.WALLET_ID.eq(walletId))
                .and(KEY_SHARES.NODE_ID.eq(nodeId))
                .orderBy(KEY_SHARES.SHARE_VERSION)
                .forUpdate()
                .fetch();
        KeySharesRecord target = rows.stream()
                .filter(r -> r.getShareVersion() == version)
                .findFirst()
                .orElseThrow(() -> new ShareNotFoundException(walletId, nodeId, version));
        ShareState targetState = ShareState.fromColumn(target.getState());
        if (targetState == ShareState.ACTIVE) {
            return;
        }
        if (targetState == ShareState.RETIRED) {
            throw refuse("it is retired, and a retired version is never reactivated");
        }
        KeySharesRecord active = rows.stream()
                .filter(r -> ShareState.fromColumn(r.getState()) == ShareState.ACTIVE)
                .findFirst()
                .orElse(null);
        if (active != null && active.getShareVersion() >= version) {
            throw refuse("version " + active.getShareVersion() + " is active and newer");
        }
        if (active != null) {
            setState(active.getShareVersion(), ShareState.ACTIVE, ShareState.RETIRED);
        }
        setState(version, ShareState.PENDING, ShareState.ACTIVE);
    }

    private void setState(int v, ShareState from, ShareState to) {
        int updated = tx.update(KEY_SHARES)
                .set(KEY_SHARES.STATE, to.column())
                .where(KEY_SHARES.WALLET_ID.eq(walletId))
                .and(KEY_SHARES.NODE_ID.eq(nodeId))
                .and(KEY_SHARES.SHARE_VERSION.eq(v))
                .and(KEY_SHARES.STATE.eq(from.column()))
                .execute();
        if (updated != 1) {
            throw refuse("version " + v + " was not " + from + " any more");
        }
    }

    private ShareStateException refuse(String why) {
        return new ShareStateException(
                ShareStore.describe("activating", walletId, nodeId, version) + ": " + why);
    }
}

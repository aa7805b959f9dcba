/**
 * The per-node share store: each signer node's sealed key shares in Postgres, reached through
 * that node's own database role. Generated jOOQ classes live in {@code
 * io.custody.signer.store.jooq} (built from {@code db/migration} at compile time, never edited).
 *
 * <p>Invariants, enforced by the database and not only by this code:
 *
 * <ul>
 *   <li>Rows hold ciphertext and public data only: the enclave's sealed share (AEAD, bound to
 *       wallet, node, version, public key, chain code and governance), the KMS-wrapped data key,
 *       and the governance and chain code the enclave needs back to open it. Nothing here can
 *       open them, and
 *       {@link io.custody.signer.store.StoredShare#toString()} prints lengths only.
 *   <li>A node role sees, inserts and updates only rows whose {@code node_id} is the node that
 *       {@code node_roles} maps its {@code current_user} to (row-level security, forced, no
 *       access for {@code PUBLIC}); it may not delete.
 *   <li>A row is written once. Afterwards only its state moves, forward only: pending, active,
 *       retired (trigger {@code key_shares_guard}, column grant {@code UPDATE (state)}).
 *   <li>At most one version per wallet and node is active (partial unique index), and a refresh
 *       switches versions in one transaction ({@link io.custody.signer.store.ShareStore#activate}).
 *   <li>Every failure is a {@link io.custody.signer.store.ShareStoreException}; database errors are
 *       translated in one place.
 * </ul>
 */
package io.custody.signer.store;

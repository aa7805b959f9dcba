/**
 * Keys, their secret material and their persistence.
 *
 * <p>Invariants: material has no printable form; the state file is replaced atomically and is
 * created with mode 0600; a change is on disk before the request that made it is answered.
 */
package io.custody.kmsemu.key;

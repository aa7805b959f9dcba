/**
 * The wire edge: the HTTP handler, JSON field reading and the operations. JSON types stay here.
 *
 * <p>Invariants: authentication runs before the body is parsed; with a {@code Recipient}, the
 * attestation document is verified before the key policy is asked and {@code Plaintext} is never
 * returned; {@code AccessGate} is called by every key-scoped operation before any cryptography.
 */
package io.custody.kmsemu.api;

/**
 * A DEV/TEST-ONLY emulator of AWS KMS (JSON 1.1 protocol) for the Custody dev cluster and tests:
 * {@link io.custody.kmsemu.KmsEmulator} to embed, {@link io.custody.kmsemu.KmsEmulatorMain} to run.
 *
 * <p>Invariants: no production module depends on this one; every request is SigV4-authenticated
 * before it is parsed; every key-scoped operation is decided by the key policy; key material is
 * never logged or returned except as a recipient-wrapped or plaintext data key, as KMS does.
 */
package io.custody.kmsemu;

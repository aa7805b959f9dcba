/**
 * The emulators ciphertext blob (AES-256-GCM, encryption context as associated data) and the
 * KMS-style CMS envelope for recipients.
 *
 * <p>Invariants: a blob opens only with the same key and the exact same encryption context; every
 * failure to open is the same {@code InvalidCiphertextException} without detail.
 */
package io.custody.kmsemu.crypto;

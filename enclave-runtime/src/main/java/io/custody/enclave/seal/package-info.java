/**
 * Sealing key shares so that only an authorised enclave can open them: KMS issues a data key
 * encrypted to the enclave's attested RSA key ({@link io.custody.enclave.seal.RecipientDataKeyOpener}),
 * the share is sealed under it with AES-256-GCM bound to its wallet, node, version, public key,
 * chain code and governance ({@link io.custody.enclave.seal.ShareSealer}, {@link
 * io.custody.enclave.seal.KeyShareSealer}), and opened shares live, with their governance, in a
 * bounded {@link io.custody.enclave.seal.ShareCache}.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Secret material is a type: {@link io.custody.enclave.seal.DataKey} and {@code
 *       SecretBytes} are closed (zeroed) by whoever owns them; no {@code toString}, log line or
 *       exception message contains key or share bytes.
 *   <li>A sealed blob opens only under its data key and the exact {@link
 *       io.custody.enclave.seal.ShareAad} it was sealed with; every failure is a subtype of the
 *       sealed {@link io.custody.enclave.seal.SealingException}, and authentication failures do
 *       not say which input was wrong. Plaintext buffers of a failed open are zeroed.
 *   <li>Only the algorithms KMS uses for {@code CiphertextForRecipient} are accepted
 *       (RSAES-OAEP-SHA-256 key transport, AES-256-CBC content, one recipient, 32-byte key);
 *       everything else is refused before the private key is used.
 *   <li>An opened {@code KeyShare} has the public key and chain code its associated data names
 *       and carries the governance it names, and once
 *       cached is owned and closed by the cache alone; callers only borrow it inside
 *       {@link io.custody.enclave.seal.ShareCache#withShare}.
 * </ul>
 */
package io.custody.enclave.seal;

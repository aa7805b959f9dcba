/**
 * KMS on behalf of the enclave: the parent-side key client and the key policy that makes KMS
 * release keys only to an attested enclave.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Every {@link io.custody.signer.kms.EnclaveKeyClient} call carries the enclave's
 *       attestation document as {@code Recipient}; the signer host receives only {@code
 *       CiphertextForRecipient} (for the enclave) and {@code CiphertextBlob} (for storage).
 *   <li>A response that carries {@code Plaintext} is refused with {@link
 *       io.custody.signer.kms.RecipientIgnoredException}: fail closed, never pass it on.
 *   <li>AWS SDK exceptions are translated in one place ({@code KmsErrors}) into the sealed {@link
 *       io.custody.signer.kms.KeyServiceException}; messages never contain key bytes, ciphertexts
 *       or attestation documents.
 *   <li>The {@link software.amazon.awssdk.services.kms.KmsClient} is injected; {@link
 *       io.custody.signer.kms.KmsClients} builds one for an explicit endpoint.
 *   <li>{@link io.custody.signer.kms.KeyPolicyGenerator} output is deterministic, so the example
 *       under {@code deploy/kms/} is checked against it by a test.
 * </ul>
 */
package io.custody.signer.kms;

/**
 * Attestation: proving to a relying party which code runs in this enclave, in AWS Nitro's
 * document format, and checking such proofs.
 *
 * <p>Producing: {@link io.custody.enclave.attest.Attestor} has two implementations. {@link
 * io.custody.enclave.attest.NsmAttestor} asks the Nitro Secure Module through {@code /dev/nsm}.
 * {@link io.custody.enclave.attest.DevAttestor} signs the same format itself under a DEV root
 * whose private key is derived from a public seed: it proves nothing and exists only so that
 * dev and test setups exercise the real verification path. Its PCRs come from {@link
 * io.custody.enclave.attest.Measurements} (hashes of this artifact and of the DKLs23 library).
 * Both carry the node identity in PCR16 ({@code io.custody.proto.enclave.NodeIdentityPcr}): the
 * NSM after {@link io.custody.enclave.attest.NsmAttestor#bindNodeIdentity} extended and locked
 * it at boot, the dev attestor by computing the same value.
 *
 * <p>Checking: {@link io.custody.enclave.attest.AttestationVerifier} holds no enclave state and
 * is meant for other modules; it applies a {@link io.custody.enclave.attest.VerificationPolicy}
 * and returns a {@link io.custody.enclave.attest.VerifiedAttestation} or throws one subtype of
 * the sealed {@link io.custody.enclave.attest.AttestationException}.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A document is accepted only if every check passes: COSE_Sign1 with alg ES384, a payload
 *       that obeys AWS's field rules, {@code cabundle[0]} pinned by the SHA-256 of its exact DER,
 *       a PKIX-valid chain from it to the leaf at the document's time and at now, the ES384
 *       signature under the leaf's P-384 key, freshness, the expected nonce, and every pinned PCR.
 *   <li>Production pins the AWS Nitro Enclaves Root G1 by fingerprint; the DEV root is accepted
 *       only when a policy explicitly enables insecure dev mode. A policy always pins a PCR.
 *   <li>The DEV root certificate is byte-identical in every process (fixed fields, RFC 6979
 *       signatures); no file carries it.
 *   <li>Inputs from outside are bounded before they are decoded (document size, CBOR lengths
 *       against remaining bytes, nesting depth); malformed input is a {@code
 *       MalformedDocumentException}, never an unchecked exception.
 *   <li>No private key appears in a {@code toString}, log or exception message; byte arrays in
 *       public records are copied in and out.
 * </ul>
 *
 * <p>CBOR is written and read by two small package-private classes ({@code CborEncoder}, {@code
 * CborDecoder}) instead of jackson-dataformat-cbor: the structures are small and fixed; COSE
 * needs integer map keys, tags and exact control over the encoded bytes (the signature covers
 * them), which Jackson's token model makes awkward; a strict reader that refuses indefinite
 * lengths, duplicate keys, floats and trailing bytes is easier to audit at ~200 lines than a
 * general library configured to be strict; and the enclave's dependency set stays minimal.
 */
package io.custody.enclave.attest;

/**
 * What a signing payload means, computed identically by the control plane (which shows and
 * checks it) and by every enclave (which recomputes it rather than trusting a digest from a
 * host): the Ethereum signing digests (EIP-1559, legacy with EIP-155, EIP-191 personal_sign),
 * the signed raw transaction, Ethereum (EIP-55) and Bitcoin P2WPKH (BIP-173) addresses, and
 * BIP-32 public derivation.
 *
 * <p>Invariants: a payload is validated before anything is computed from it, and a payload
 * that does not validate is refused with field-precise {@link
 * io.custody.proto.ethereum.FieldViolation}s, never "fixed up" (an amount with a leading zero or
 * an address with a bad checksum is an error, not a variant). Integers are unsigned: a proto
 * {@code uint64} that Java shows as negative is read as the unsigned value. Nothing here sees a
 * private key; only public keys, chain codes and payloads.
 */
package io.custody.proto.ethereum;

/**
 * The bytes a client signs for a mutating request of {@code custody.v1} or
 * {@code custody.admin.v1}, defined in {@code custody/v1/client_signature.proto}.
 *
 * <p>Invariants: the client that signs, the control plane that checks before it accepts, and the
 * enclave that checks before it signs all compute those bytes with {@link
 * io.custody.proto.signature.SignedRequest}, so there is one definition in code as in the
 * {@code .proto}. A request the bytes cannot be reproduced for (unknown fields at any depth, a
 * method that is not a mutating RPC taking that request type) is refused, never signed or
 * verified approximately. Nothing here holds a key: signing and verifying stay with the callers.
 */
package io.custody.proto.signature;

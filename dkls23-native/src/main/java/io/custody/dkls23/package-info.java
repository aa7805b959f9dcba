/**
 * Java binding of the DKLs23 threshold-ECDSA crates (secp256k1) through the FFM API.
 *
 * <p>{@link io.custody.dkls23.DkgSession}, {@link io.custody.dkls23.SignSession} and
 * {@link io.custody.dkls23.RefreshSession} drive one party through a protocol phase by phase;
 * routing messages between parties is the caller's job ({@link io.custody.dkls23.ProtocolMessage}
 * carries sender and recipient). {@link io.custody.dkls23.KeyShare} holds a party's share in
 * native memory. Every class owning native memory is a final {@link java.lang.AutoCloseable};
 * errors are the sealed {@link io.custody.dkls23.Dkls23Exception} hierarchy.
 */
package io.custody.dkls23;

/**
 * Enclave-to-enclave message security for one MPC session. The parent relays every {@link
 * io.custody.enclave.channel.Envelope}; this package makes sure it cannot read direct messages,
 * alter any message, replay one into another session, protocol or phase, redirect or reflect it,
 * or show different broadcasts to different parties without being caught.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Peers are known only by the keys in their verified attestations ({@link
 *       io.custody.enclave.channel.PeerKeys}); a party index outside the session's peer map is
 *       refused before any cryptography runs.
 *   <li>Each direction of each pair in each session has its own AES-256-GCM key, HKDF-SHA256 from
 *       the static X25519 secret with the session id as salt and the ordered pair in the info
 *       ({@link io.custody.enclave.channel.DirectionKey}). Derived keys are zeroed on close and
 *       never printed.
 *   <li>Every header field is authenticated: as AES-GCM AAD for direct messages, under an Ed25519
 *       signature for broadcasts. The two encodings carry different domain tags ({@link
 *       io.custody.enclave.channel.EnvelopeEncoding}).
 *   <li>Every refusal is a subtype of the sealed {@link
 *       io.custody.enclave.channel.ChannelException} naming the claimed sender; since the relay may
 *       have forged it, a refusal is never by itself proof against that sender.
 *   <li>Echo digests ({@link io.custody.enclave.channel.BroadcastEcho}) cover every party's
 *       broadcast, the local one included, in sender order.
 *   <li>Duplicate suppression, buffering of early messages and timeouts belong to the session
 *       driver, not here: this package is stateless apart from the key cache.
 *   <li>No protobuf types here: a mapper at the edge converts {@code PeerEnvelope}.
 * </ul>
 */
package io.custody.enclave.channel;

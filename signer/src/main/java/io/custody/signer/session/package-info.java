/**
 * One party's side of an MPC session, transport-agnostic: {@link io.custody.signer.session.PartyRun}
 * drives this node's enclave through phases 1..4 and relays envelopes through a
 * {@link io.custody.signer.session.RoundTransport}; inbound messages land in
 * {@link io.custody.signer.session.Mailboxes}.
 *
 * <p>Invariants (multi-party-sig's handler): messages of another session or not addressed here
 * are dropped; exact duplicates are dropped; early messages are buffered per session and phase,
 * bounded; each phase has a timeout and a failure names a culprit when one is known; the parent
 * never reads, alters or re-orders an envelope's content (the enclaves authenticate them). The
 * session id is derived here exactly as the enclave derives it and used only for routing.
 */
package io.custody.signer.session;

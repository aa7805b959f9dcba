/**
 * The session driver between the relay and the DKLs23 crate.
 *
 * <p>Invariants: a session id is derived from protocol, wallet, threshold, share count, party
 * set and request id with a domain tag, and an enclave runs a given id at most once per boot;
 * every inbound envelope is checked for session, sender and phase before the crate sees it,
 * duplicates are dropped and early envelopes buffered (bounded); every envelope is
 * authenticated by the channel and carries the echo of the previous phase's broadcasts; any
 * failure ends the session for good, naming a culprit only when the evidence points at one;
 * session state lives in memory only, with a concurrency cap and a deadline.
 */
package io.custody.enclave.mpc;

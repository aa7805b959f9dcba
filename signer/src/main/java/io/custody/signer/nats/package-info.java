/**
 * The node on NATS (docs/mpc-protocol.md): sign jobs from the shared durable pull consumer
 * (competing consumers, pulled only with a free session slot), DKG jobs from this node's own
 * filtered consumer, quorum forming by request/reply on {@code custody.control.<node>}, round
 * messages on {@code custody.rounds.<session>.<node>} (core NATS), results into the RESULTS
 * stream with {@code Nats-Msg-Id = jobId/node/attempt}.
 *
 * <p>Invariants: a job is acked only after this node's result for it is stored (publish ack);
 * every attempt is a new request id and so a new session id; an attempt is retried only when no
 * phase-2 message of the coordinator's party left (so no party can have released a phase-3
 * broadcast) and nobody was found cheating; wire types stay in this package and {@code session}.
 */
package io.custody.signer.nats;

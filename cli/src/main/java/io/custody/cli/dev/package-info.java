/**
 * {@code custodyctl dev}: a whole Custody cluster on loopback, from a built checkout — nats-server
 * on the generated accounts config, embedded Postgres with the share store, the KMS emulator with
 * an enclave-bound key, five enclaves, five signer nodes and the control plane — plus the demo
 * flow against it.
 *
 * <p>Every component runs as its own process, started from its module's own main class
 * ({@link io.custody.cli.dev.Checkout}: module jar plus {@code target/runtime-classpath.txt});
 * cli links no signer, enclave or emulator code. {@link io.custody.cli.dev.ClusterUp} starts them
 * in order with a readiness check each and records pids, ports and logs in
 * {@link io.custody.cli.dev.ClusterState}; {@link io.custody.cli.dev.ClusterDown} and
 * {@link io.custody.cli.dev.ClusterStatus} work from that record alone.
 *
 * <p>Invariants: DEV ONLY (insecure attestation root, dev credentials); secrets (NKey seeds,
 * database and KMS credentials) live in files of mode 0600 under the state directory and are
 * never printed; a recorded pid is signalled only while its start time matches the record, so a
 * reused pid is never killed.
 */
package io.custody.cli.dev;

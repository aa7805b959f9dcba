/**
 * The NATS messaging plane's deployment: accounts, NKey users, least-privilege permissions and
 * the JetStream streams (ARCHITECTURE.md section 5; subjects in docs/nats-subjects.md).
 *
 * <p>{@link io.custody.cli.nats.SubjectPlan} is the single source of every subject, stream,
 * consumer and permission; {@link io.custody.cli.nats.NatsConfigWriter} renders it as a
 * {@code nats-server.conf}; {@link io.custody.cli.nats.SeedFiles} writes the seeds;
 * {@link io.custody.cli.nats.NatsBootstrap} creates the streams and consumers.
 *
 * <p>Invariants: the server configuration contains public keys only; seeds exist only in
 * {@code nkeys/<user>.nk} files (0600, directory 0700) and in {@link io.custody.cli.nats.NkeyIdentity},
 * which never prints them; every user has explicit publish and subscribe allow lists.
 */
package io.custody.cli.nats;

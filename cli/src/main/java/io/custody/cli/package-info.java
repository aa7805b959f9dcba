/**
 * custodyctl, the operator's command line ({@link io.custody.cli.CustodyCtl}). Commands are thin
 * picocli adapters; the logic lives in small classes of the sub-packages (e.g. {@code nats}).
 *
 * <p>Invariants: no command prints or logs key material; a command never overwrites deployment
 * secrets it generated before (rotation is an explicit operator action, not a side effect).
 */
package io.custody.cli;

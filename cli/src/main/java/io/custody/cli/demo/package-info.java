/**
 * {@code custodyctl dev demo}: the flow the control plane will run — a DKG, activation of the new
 * shares, one signature — done over NATS as {@code control-1} against a dev cluster, and an
 * independent check of its outcome ({@link io.custody.cli.demo.EthereumSignature}: BouncyCastle
 * only, no code shared with the DKLs23 crates or the enclave).
 *
 * <p>Invariant: nothing the nodes report is believed without that check — the public key must be
 * the same at all n nodes, the signature must verify under it and recover to its address.
 */
package io.custody.cli.demo;

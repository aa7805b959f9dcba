/**
 * {@code custodyctl dev demo}: a wallet and a signature on a dev cluster — through the control
 * plane's gRPC API when the cluster has one, else the same DKG, activation and signature by hand
 * over NATS as {@code control-1} — and an independent check of its outcome ({@link io.custody.cli.demo.EthereumSignature}: BouncyCastle
 * only, no code shared with the DKLs23 crates or the enclave).
 *
 * <p>Invariant: nothing the nodes report is believed without that check — the public key must be
 * the same at all n nodes, the signature must verify under it and recover to its address.
 */
package io.custody.cli.demo;

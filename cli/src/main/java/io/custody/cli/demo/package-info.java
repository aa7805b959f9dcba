/**
 * {@code custodyctl dev demo}: a wallet and a signature on a dev cluster — through the control
 * plane's gRPC API when the cluster has one, else the same DKG, activation and signature by hand
 * over NATS as {@code control-1} — and an independent check of its outcome ({@link io.custody.cli.demo.EthereumSignature}: BouncyCastle
 * only, no code shared with the DKLs23 crates or the enclave). With anvil, an EIP-1559 transfer
 * from the wallet is then signed through the control plane, checked ({@link
 * io.custody.cli.demo.Rlp}, the same BouncyCastle check), broadcast and awaited until mined
 * ({@link io.custody.cli.demo.EthereumTransfer}).
 *
 * <p>Invariant: nothing the nodes report is believed without that check — the public key must be
 * the same at all n nodes, the signature must verify under it and recover to its address; no
 * transaction is broadcast before its digest, raw bytes and hash were recomputed here.
 */
package io.custody.cli.demo;

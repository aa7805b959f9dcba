/**
 * The parent's connection to its own enclave: one Unix socket (VSOCK in production, later),
 * length-prefixed {@code custody.enclave.v1.Frame}s, many requests in flight, matched by
 * {@code request_id}.
 *
 * <p>Invariants: every call ends (response, error response, timeout or broken connection); a
 * broken connection fails every call in flight on it and the next call reconnects; nothing here
 * interprets a response beyond matching its id.
 */
package io.custody.signer.enclave;

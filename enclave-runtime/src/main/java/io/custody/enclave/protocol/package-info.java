/**
 * The enclave's boundary: one request/response pair per operation (attest, status, step, open
 * share), served from an explicit route table. Invariants: generated protobuf types stop here;
 * every expected failure is an error response whose message names no secret; an unexpected
 * failure moves the enclave to UNRECOVERABLE, where it answers only status and attest; peer keys
 * come only from attestation documents this enclave verified itself; data keys arrive only
 * encrypted to this enclave's RSA key.
 */
package io.custody.enclave.protocol;

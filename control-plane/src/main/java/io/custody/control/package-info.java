/**
 * The control plane (control-plane/README.md). Invariants: an accepted mutating request is
 * durable before it is answered and reaches exactly one terminal state; every state change is
 * audited first, in the same transaction; nothing here holds key material or can make a
 * signature.
 */
package io.custody.control;

/**
 * AWS Signature Version 4 (header form) verification against configured credentials.
 *
 * <p>Invariants: signatures compare in constant time; a timestamp more than five minutes from the
 * emulators clock is refused; secrets never appear in {@code toString} or logs.
 */
package io.custody.kmsemu.auth;

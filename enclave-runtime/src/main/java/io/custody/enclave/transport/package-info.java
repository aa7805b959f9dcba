/**
 * The byte channel between a signer and its enclave: {@link
 * io.custody.enclave.transport.VsockTransport} in production, {@link
 * io.custody.enclave.transport.UnixSocketTransport} in dev and tests, both behind {@link
 * io.custody.enclave.transport.EnclaveTransport}.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A transport moves bytes only; it never frames, parses or logs what it carries.
 *   <li>Connections are full duplex: one reader and any number of writers at once. Closing a
 *       connection or listener wakes any thread blocked in it, and a closed one fails every
 *       later call instead of touching a reused file descriptor.
 *   <li>Native sockets are raw fds owned by exactly one object; {@code MemorySegment}s stay in
 *       this package, native buffers are zeroed before they are freed, and every libc failure
 *       becomes an {@code IOException} naming the address family, the call and its errno.
 *   <li>A Unix socket file is narrowed to its owner (0600) as soon as it is bound, and listening
 *       never removes a live listener's socket or a file that is not a socket.
 * </ul>
 */
package io.custody.enclave.transport;

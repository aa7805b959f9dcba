/**
 * The framing of the parent–enclave channel: length-prefixed {@code custody.enclave.v1.Frame}
 * messages over any byte stream (see {@link io.custody.proto.enclave.wire.FrameCodec} for the layout).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A frame's length is checked against the cap before its body is allocated or read; a
 *       peer can never make this side buffer more than the cap.
 *   <li>Every malformed input raises a distinct subtype of the sealed {@link
 *       io.custody.proto.enclave.wire.FrameException}; a clean end of stream between frames is not an
 *       error but an empty result.
 *   <li>A failed read or write leaves the stream between frame boundaries, so that direction is
 *       never used again: the connection is closed, not resynchronised.
 *   <li>This is an edge: generated protobuf types may appear here; domain code gets mapped types.
 * </ul>
 */
package io.custody.proto.enclave.wire;

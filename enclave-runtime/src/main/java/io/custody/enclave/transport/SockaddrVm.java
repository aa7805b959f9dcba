package io.custody.enclave.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A VSOCK address: a context id (which VM) and a port. Encodes to the kernel's 16-byte
 * {@code struct sockaddr_vm}, every field in the host's byte order (not network order):
 *
 * <pre>
 *   offset 0   u16  svm_family    = 40 (AF_VSOCK)
 *   offset 2   u16  svm_reserved1 = 0
 *   offset 4   u32  svm_port
 *   offset 8   u32  svm_cid
 *   offset 12  u8   svm_flags     = 0
 *   offset 13  u8[3] svm_zero     = 0
 * </pre>
 *
 * <p>Both numbers are unsigned 32-bit values held in an {@code int}: {@link #CID_ANY} and
 * {@link #PORT_ANY} are 0xFFFFFFFF.
 */
public record SockaddrVm(int cid, int port) {

    /** Bind to whatever context id this VM has: what an enclave listens on. */
    public static final int CID_ANY = -1;
    public static final int CID_HYPERVISOR = 0;
    public static final int CID_LOCAL = 1;
    /** The parent instance, seen from inside a Nitro enclave. */
    public static final int CID_HOST = 2;
    /** Let the kernel choose a free port when binding. */
    public static final int PORT_ANY = -1;

    public static final int SIZE_BYTES = 16;

    private static final short AF_VSOCK = 40;

    public static SockaddrVm listeningOn(int port) {
        return new SockaddrVm(CID_ANY, port);
    }

    /** The struct in this machine's byte order, ready for bind() or connect(). */
    public byte[] encode() {
        return encode(ByteOrder.nativeOrder());
    }

    /** Reads a struct that getsockname() or accept() filled in on this machine. */
    public static SockaddrVm decode(byte[] struct) {
        return decode(struct, ByteOrder.nativeOrder());
    }

    byte[] encode(ByteOrder order) {
        return ByteBuffer.allocate(SIZE_BYTES).order(order)
                .putShort(AF_VSOCK)
                .putShort((short) 0)
                .putInt(port)
                .putInt(cid)
                // svm_flags and svm_zero: the buffer starts zeroed.
                .array();
    }

    static SockaddrVm decode(byte[] struct, ByteOrder order) {
        if (struct.length != SIZE_BYTES) {
            throw new IllegalArgumentException(
                    "sockaddr_vm is " + SIZE_BYTES + " bytes, got " + struct.length);
        }
        ByteBuffer in = ByteBuffer.wrap(struct).order(order);
        short family = in.getShort(0);
        if (family != AF_VSOCK) {
            throw new IllegalArgumentException("not an AF_VSOCK address: family " + family);
        }
        return new SockaddrVm(in.getInt(8), in.getInt(4));
    }

    @Override
    public String toString() {
        return "vsock:" + (cid == CID_ANY ? "any" : Integer.toUnsignedString(cid))
                + ":" + (port == PORT_ANY ? "any" : Integer.toUnsignedString(port));
    }
}

package io.custody.enclave.attest;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The NSM character device ({@code /dev/nsm}) driven through libc {@code open}, {@code ioctl} and
 * {@code close} via FFM (Linux, 64-bit). One raw request/response exchange per {@link
 * #exchange(byte[], int)}:
 *
 * <pre>
 * struct iovec       { void *base; size_t len; };                     // 16 bytes
 * struct nsm_message { struct iovec request; struct iovec response; }; // 32 bytes
 * ioctl(fd, _IOWR(0x0A, 0, struct nsm_message), &amp;message)            // = 0xC0200A00
 * </pre>
 *
 * <p>On success the driver has written the response and set {@code response.len} to its length.
 * Native buffers are zeroed before they are freed. Owns its file descriptor; not thread-safe
 * (the caller serialises).
 */
@SuppressWarnings("restricted") // native access is this class's whole job; granted at launch
final class NsmDevice implements NsmChannel {

    static final Path DEFAULT_PATH = Path.of("/dev/nsm");
    static final int NSM_IOCTL_MAGIC = 0x0A;

    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("base"), JAVA_LONG.withName("len"));
    static final StructLayout NSM_MESSAGE = MemoryLayout.structLayout(
            IOVEC.withName("request"), IOVEC.withName("response"));

    /** {@code _IOWR(NSM_IOCTL_MAGIC, 0, struct nsm_message)}. */
    static final long NSM_IOCTL_RAW = ioctlReadWrite(NSM_IOCTL_MAGIC, 0, NSM_MESSAGE.byteSize());

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 02000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final VarHandle REQUEST_BASE = field("request", "base");
    private static final VarHandle REQUEST_LEN = field("request", "len");
    private static final VarHandle RESPONSE_BASE = field("response", "base");
    private static final VarHandle RESPONSE_LEN = field("response", "len");

    private static final MethodHandle OPEN = LINKER.downcallHandle(symbol("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(symbol("ioctl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(symbol("close"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR =
            LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private final Path path;
    private int fd;

    private NsmDevice(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Linux's generic {@code _IOWR}: dir 3 (read|write) in bits 30-31, size 16-29, type 8-15, nr 0-7. */
    static long ioctlReadWrite(int type, int number, long size) {
        if (type < 0 || type > 0xff || number < 0 || number > 0xff || size < 0 || size > 0x3fff) {
            throw new IllegalArgumentException("ioctl type, number or size out of range");
        }
        return (3L << 30) | (size << 16) | ((long) type << 8) | number;
    }

    static NsmDevice open(Path path) throws AttestorFailedException {
        int fd;
        int errno;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment name = arena.allocateFrom(path.toString());
            fd = (int) OPEN.invokeExact(state, name, O_RDWR | O_CLOEXEC);
            errno = (int) ERRNO.get(state, 0L);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open() downcall threw", t);
        }
        if (fd < 0) {
            throw new AttestorFailedException("cannot open " + path + ": errno " + errno + " ("
                    + describe(errno) + "); is this process running inside a Nitro Enclave?");
        }
        return new NsmDevice(path, fd);
    }

    /** Sends one request; returns the driver's response, at most {@code responseCapacity} bytes. */
    @Override
    public byte[] exchange(byte[] request, int responseCapacity) throws AttestorFailedException {
        if (fd < 0) {
            throw new IllegalStateException("NSM device is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment requestBuffer = arena.allocateFrom(JAVA_BYTE, request);
            MemorySegment responseBuffer = arena.allocate(responseCapacity);
            MemorySegment message = arena.allocate(NSM_MESSAGE);
            REQUEST_BASE.set(message, 0L, requestBuffer);
            REQUEST_LEN.set(message, 0L, (long) request.length);
            RESPONSE_BASE.set(message, 0L, responseBuffer);
            RESPONSE_LEN.set(message, 0L, (long) responseCapacity);
            MemorySegment state = arena.allocate(CALL_STATE);
            int status = ioctl(state, message);
            try {
                if (status != 0) {
                    int errno = (int) ERRNO.get(state, 0L);
                    throw new AttestorFailedException("NSM ioctl on " + path + " failed: errno " + errno
                            + " (" + describe(errno) + ")");
                }
                long length = (long) RESPONSE_LEN.get(message, 0L);
                if (length < 0 || length > responseCapacity) {
                    throw new AttestorFailedException("NSM driver reported a response of " + length
                            + " bytes for a " + responseCapacity + "-byte buffer");
                }
                return responseBuffer.asSlice(0, length).toArray(JAVA_BYTE);
            } finally {
                requestBuffer.fill((byte) 0);
                responseBuffer.fill((byte) 0);
            }
        }
    }

    @Override
    public void close() {
        if (fd < 0) {
            return;
        }
        int closing = fd;
        fd = -1;
        try {
            int ignored = (int) CLOSE.invokeExact(closing); // nothing to do about a failed close
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("close() downcall threw", t);
        }
    }

    @Override
    public String toString() {
        return "NsmDevice[" + path + (fd < 0 ? ", closed]" : "]");
    }

    private int ioctl(MemorySegment state, MemorySegment message) {
        try {
            return (int) IOCTL.invokeExact(state, fd, NSM_IOCTL_RAW, message);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ioctl() downcall threw", t);
        }
    }

    private static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "unknown" : text.reinterpret(1024).getString(0);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("strerror() downcall threw", t);
        }
    }

    private static VarHandle field(String iovec, String member) {
        return NSM_MESSAGE.varHandle(
                MemoryLayout.PathElement.groupElement(iovec), MemoryLayout.PathElement.groupElement(member));
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }
}

package io.custody.dkls23;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.custody.dkls23.internal.Bindings;
import io.custody.dkls23.internal.Errors;
import io.custody.dkls23.internal.NativeCalls;
import io.custody.dkls23.internal.NativeHandle;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * One party's share of a threshold ECDSA key, held in native memory. SECRET: it leaves the native
 * heap only through {@link #serialize()}, whose result the caller must seal and then close.
 */
public final class KeyShare implements AutoCloseable {
    public static final int PUBLIC_KEY_LENGTH = 33;
    public static final int CHAIN_CODE_LENGTH = 32;
    /** BIP-32: indices at or above this are hardened, which a threshold key cannot derive. */
    public static final long HARDENED_OFFSET = 0x8000_0000L;

    private final NativeHandle handle;
    private final int threshold;
    private final int shareCount;
    private final int partyIndex;

    KeyShare(MemorySegment raw) {
        this.handle = new NativeHandle(raw, Bindings.SHARE_FREE, "key share");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(JAVA_BYTE);
            MemorySegment n = arena.allocate(JAVA_BYTE);
            MemorySegment i = arena.allocate(JAVA_BYTE);
            Errors.check((MemorySegment) Bindings.SHARE_INFO.invokeExact(handle.address(), t, n, i));
            this.threshold = Byte.toUnsignedInt(t.get(JAVA_BYTE, 0));
            this.shareCount = Byte.toUnsignedInt(n.get(JAVA_BYTE, 0));
            this.partyIndex = Byte.toUnsignedInt(i.get(JAVA_BYTE, 0));
        } catch (Throwable t) {
            handle.close();
            throw NativeCalls.rethrow(t);
        }
    }

    /** Reads a share written by {@link #serialize()}. The caller still owns (and zeroes) {@code bytes}. */
    public static KeyShare deserialize(byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = NativeCalls.input(arena, bytes);
            MemorySegment out = NativeCalls.pointerSlot(arena);
            try {
                Errors.check((MemorySegment) Bindings.SHARE_DESERIALIZE.invokeExact(in, (long) bytes.length, out));
            } catch (Throwable t) {
                throw NativeCalls.rethrow(t);
            } finally {
                NativeCalls.wipe(in);
            }
            return new KeyShare(out.get(ADDRESS, 0));
        }
    }

    /** The share's secret serialized form; close the result once it is sealed. */
    public synchronized SecretBytes serialize() {
        return new SecretBytes(buffer(Bindings.SHARE_SERIALIZE));
    }

    public int threshold() {
        return threshold;
    }

    public int shareCount() {
        return shareCount;
    }

    /** This share's party index, 1..n. */
    public int partyIndex() {
        return partyIndex;
    }

    /** The group public key, SEC1 compressed (33 bytes). */
    public synchronized byte[] publicKey() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(PUBLIC_KEY_LENGTH);
            Errors.check((MemorySegment) Bindings.SHARE_PUBLIC_KEY.invokeExact(handle.address(), out));
            return out.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /**
     * The BIP-32 chain code of the group key (32 bytes). Not secret: with {@link #publicKey()} it
     * is the extended public key, from which anyone derives the children's public keys. The DKG
     * makes every party agree on it, a refresh keeps it, {@link #deriveChild} gives the child's.
     */
    public synchronized byte[] chainCode() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(CHAIN_CODE_LENGTH);
            Errors.check((MemorySegment) Bindings.SHARE_CHAIN_CODE.invokeExact(handle.address(), out));
            return out.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** The EIP-55 checksummed Ethereum address of the group key. */
    public synchronized String ethereumAddress() {
        return new String(buffer(Bindings.SHARE_ETH_ADDRESS), StandardCharsets.US_ASCII);
    }

    /** The Bitcoin mainnet P2WPKH address ({@code bc1q...}) of the group key. */
    public synchronized String bitcoinAddress() {
        return new String(buffer(Bindings.SHARE_BTC_ADDRESS), StandardCharsets.US_ASCII);
    }

    /**
     * The share of the BIP-32 non-hardened child {@code index}. Every party derives with the same
     * index and the children form a key of the same threshold.
     */
    public synchronized KeyShare deriveChild(long index) {
        if (index < 0 || index >= HARDENED_OFFSET) {
            throw new InvalidArgumentException("child index must be in 0..2^31-1 (non-hardened), was " + index);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = NativeCalls.pointerSlot(arena);
            Errors.check((MemorySegment) Bindings.SHARE_DERIVE_CHILD.invokeExact(handle.address(), (int) index, out));
            return new KeyShare(out.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }

    /** Derives along a path of non-hardened indices, e.g. {@code 0, 5} for {@code m/0/5}. */
    public KeyShare derivePath(long... path) {
        if (path.length == 0) {
            throw new InvalidArgumentException("a derivation path needs at least one index");
        }
        KeyShare current = deriveChild(path[0]);
        for (int k = 1; k < path.length; k++) {
            try (KeyShare parent = current) {
                current = parent.deriveChild(path[k]);
            }
        }
        return current;
    }

    /** The native address for a session constructor; callers hold this share's lock. */
    MemorySegment address() {
        return handle.address();
    }

    public boolean isOpen() {
        return handle.isOpen();
    }

    @Override
    public synchronized void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "KeyShare[party " + partyIndex + " of " + shareCount + ", threshold " + threshold
                + (handle.isOpen() ? "" : ", closed") + "]";
    }

    private byte[] buffer(MethodHandle fn) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ptr = NativeCalls.pointerSlot(arena);
            MemorySegment len = NativeCalls.lengthSlot(arena);
            Errors.check((MemorySegment) fn.invokeExact(handle.address(), ptr, len));
            return NativeCalls.takeBuffer(ptr, len);
        } catch (Throwable t) {
            throw NativeCalls.rethrow(t);
        }
    }
}

package io.custody.dkls23.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/** Every downcall of include/custody_dkls23.h, in one place. size_t is 64-bit on the only target. */
public final class Bindings {
    private static final Linker LINKER = Linker.nativeLinker();

    public static final MethodHandle ABI_VERSION = fn("dkls_abi_version", FunctionDescriptor.of(JAVA_INT));
    public static final MethodHandle LIVE_HANDLES = fn("dkls_live_handles", FunctionDescriptor.of(JAVA_LONG));
    public static final MethodHandle ERROR_FREE = fn("dkls_error_free", FunctionDescriptor.ofVoid(ADDRESS));
    public static final MethodHandle BUFFER_FREE = fn("dkls_buffer_free", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));

    public static final MethodHandle DKG_NEW = fn("dkls_dkg_new",
            FunctionDescriptor.of(ADDRESS, JAVA_BYTE, JAVA_BYTE, JAVA_BYTE, ADDRESS, JAVA_LONG, ADDRESS));
    public static final MethodHandle DKG_PHASE = fn("dkls_dkg_phase", phaseDescriptor());
    public static final MethodHandle DKG_FINISH = fn("dkls_dkg_finish", finishDescriptor());
    public static final MethodHandle DKG_FREE = fn("dkls_dkg_free", FunctionDescriptor.ofVoid(ADDRESS));

    public static final MethodHandle SIGN_NEW = fn("dkls_sign_new", FunctionDescriptor.of(ADDRESS,
            ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    public static final MethodHandle SIGN_PHASE = fn("dkls_sign_phase", phaseDescriptor());
    public static final MethodHandle SIGN_FINISH = fn("dkls_sign_finish", finishDescriptor());
    public static final MethodHandle SIGN_FREE = fn("dkls_sign_free", FunctionDescriptor.ofVoid(ADDRESS));

    public static final MethodHandle REFRESH_NEW = fn("dkls_refresh_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    public static final MethodHandle REFRESH_PHASE = fn("dkls_refresh_phase", phaseDescriptor());
    public static final MethodHandle REFRESH_FINISH = fn("dkls_refresh_finish", finishDescriptor());
    public static final MethodHandle REFRESH_FREE = fn("dkls_refresh_free", FunctionDescriptor.ofVoid(ADDRESS));

    public static final MethodHandle SHARE_SERIALIZE = fn("dkls_share_serialize", bufferDescriptor());
    public static final MethodHandle SHARE_DESERIALIZE = fn("dkls_share_deserialize",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    public static final MethodHandle SHARE_INFO = fn("dkls_share_info",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    public static final MethodHandle SHARE_PUBLIC_KEY = fn("dkls_share_public_key",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    public static final MethodHandle SHARE_CHAIN_CODE = fn("dkls_share_chain_code",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    public static final MethodHandle SHARE_ETH_ADDRESS = fn("dkls_share_eth_address", bufferDescriptor());
    public static final MethodHandle SHARE_BTC_ADDRESS = fn("dkls_share_btc_address", bufferDescriptor());
    public static final MethodHandle SHARE_DERIVE_CHILD = fn("dkls_share_derive_child",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    public static final MethodHandle SHARE_FREE = fn("dkls_share_free", FunctionDescriptor.ofVoid(ADDRESS));

    private Bindings() {}

    /** (handle, phase, in, in_len, out_ptr*, out_len*) -> error. */
    private static FunctionDescriptor phaseDescriptor() {
        return FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_BYTE, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
    }

    /** (handle, in, in_len, out*) -> error. */
    private static FunctionDescriptor finishDescriptor() {
        return FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    }

    /** (share, out_ptr*, out_len*) -> error. */
    private static FunctionDescriptor bufferDescriptor() {
        return FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    }

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        var symbol = NativeLoader.LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("symbol " + name + " missing from the DKLs23 shim"));
        return LINKER.downcallHandle(symbol, descriptor);
    }
}

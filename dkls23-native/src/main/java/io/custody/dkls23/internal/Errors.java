package io.custody.dkls23.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.custody.dkls23.CheatingPartyException;
import io.custody.dkls23.DerivationException;
import io.custody.dkls23.Dkls23Exception;
import io.custody.dkls23.InvalidArgumentException;
import io.custody.dkls23.InvalidShareException;
import io.custody.dkls23.MalformedMessageException;
import io.custody.dkls23.NativePanicException;
import io.custody.dkls23.PhaseOrderException;
import io.custody.dkls23.ProtocolAbortException;
import io.custody.dkls23.UnexpectedMessageException;
import java.lang.foreign.MemorySegment;

/** The one place a {@code DklsError*} is read, freed and turned into an exception. */
public final class Errors {
    /** struct DklsError { u32 code; u32 culprit; char *message; } */
    private static final long CULPRIT_OFFSET = 4;
    private static final long MESSAGE_OFFSET = 8;
    private static final long STRUCT_SIZE = 16;
    private static final long MAX_MESSAGE = 4096;

    private Errors() {}

    /** Throws if {@code error} is non-NULL, freeing it first. */
    public static void check(MemorySegment error) {
        if (error.equals(MemorySegment.NULL)) {
            return;
        }
        MemorySegment struct = error.reinterpret(STRUCT_SIZE);
        int code = struct.get(JAVA_INT, 0);
        int culprit = struct.get(JAVA_INT, CULPRIT_OFFSET);
        MemorySegment text = struct.get(ADDRESS, MESSAGE_OFFSET);
        String message = text.equals(MemorySegment.NULL) ? "" : text.reinterpret(MAX_MESSAGE).getString(0);
        try {
            Bindings.ERROR_FREE.invokeExact(error);
        } catch (Throwable t) {
            throw new IllegalStateException("dkls_error_free failed", t);
        }
        throw toException(code, culprit, message);
    }

    static Dkls23Exception toException(int code, int culprit, String message) {
        return switch (code) {
            case 1 -> new InvalidArgumentException(message);
            case 2 -> new PhaseOrderException(message);
            case 3 -> new MalformedMessageException(message);
            case 4 -> new UnexpectedMessageException(message);
            case 5 -> new ProtocolAbortException(message, culprit);
            case 6 -> new CheatingPartyException(message, culprit);
            case 7 -> new InvalidShareException(message);
            case 8 -> new DerivationException(message);
            default -> new NativePanicException("native error code " + code + ": " + message);
        };
    }
}

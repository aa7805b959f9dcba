package io.custody.proto.signature;

/**
 * A request whose signed bytes cannot be computed: it carries unknown fields, or it is not the
 * request type of a mutating RPC named by the method. A server maps it to INVALID_ARGUMENT.
 */
public final class NonCanonicalRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    NonCanonicalRequestException(String message) {
        super(message);
    }
}

package io.custody.proto.ethereum;

import java.math.BigInteger;

/**
 * An amount of wei as the API writes it: the canonical decimal text of an unsigned 256-bit
 * integer ("0", or digits without a leading zero). One text per value, so what the client signed
 * and what the enclave encodes cannot differ by a rendering.
 */
final class DecimalAmount {

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    /** 2^256 - 1 has 78 decimal digits. */
    private static final int MAX_DIGITS = 78;

    private DecimalAmount() {}

    /** Why {@code text} is not a canonical uint256, or null when it is. */
    static String problem(String text) {
        if (text.isEmpty()) {
            return "required: a decimal amount of wei (\"0\" for none)";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return "must be decimal digits only (no sign, spaces, separators or exponent)";
            }
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            return "must not have a leading zero";
        }
        if (text.length() > MAX_DIGITS || new BigInteger(text).compareTo(MAX) > 0) {
            return "exceeds 2^256 - 1";
        }
        return null;
    }

    /** The value of a text {@link #problem} accepted. */
    static BigInteger parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("not a canonical uint256: " + problem);
        }
        return new BigInteger(text);
    }
}

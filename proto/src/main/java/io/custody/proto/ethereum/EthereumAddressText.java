package io.custody.proto.ethereum;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An Ethereum address as text: "0x" and 40 hex digits, all lowercase, all uppercase, or mixed
 * case carrying a valid EIP-55 checksum (the case of each letter is a bit of
 * keccak256(lowercase hex)). A mixed-case address with a wrong checksum is a typo, refused.
 */
final class EthereumAddressText {

    static final int LENGTH = 20;

    private EthereumAddressText() {}

    /** Why {@code text} is not an address, or null when it is one. */
    static String problem(String text) {
        if (!text.startsWith("0x")) {
            return "must start with \"0x\"";
        }
        String hex = text.substring(2);
        if (hex.length() != 2 * LENGTH) {
            return "must be \"0x\" and 40 hex digits, has " + hex.length() + " digits";
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= 'a' && c <= 'f') {
                lower = true;
            } else if (c >= 'A' && c <= 'F') {
                upper = true;
            } else if (c < '0' || c > '9') {
                return "must be \"0x\" and 40 hex digits, has '" + c + "'";
            }
        }
        if (lower && upper && !checksummed(hex.toLowerCase(Locale.ROOT)).equals(hex)) {
            return "has an invalid EIP-55 checksum (mixed case must match; all lowercase carries none)";
        }
        return null;
    }

    /** The 20 bytes of an address {@link #problem} accepted. */
    static byte[] parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("not an Ethereum address: " + problem);
        }
        return HexFormat.of().parseHex(text.substring(2).toLowerCase(Locale.ROOT));
    }

    /** "0x" and the EIP-55 mixed-case hex of a 20-byte address. */
    static String format(byte[] address) {
        if (address.length != LENGTH) {
            throw new IllegalArgumentException("an Ethereum address is 20 bytes");
        }
        return "0x" + checksummed(HexFormat.of().formatHex(address));
    }

    private static String checksummed(String lowerHex) {
        byte[] hash = Hashes.keccak256(lowerHex.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(lowerHex.length());
        for (int i = 0; i < lowerHex.length(); i++) {
            char c = lowerHex.charAt(i);
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
            out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}

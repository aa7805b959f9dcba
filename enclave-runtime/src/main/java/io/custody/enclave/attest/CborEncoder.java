package io.custody.enclave.attest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the CBOR subset used by COSE_Sign1 and Nitro documents with the core deterministic
 * encoding of RFC 8949 section 4.2.1: shortest-form heads, definite lengths only, and map entries
 * sorted by the bytewise order of their encoded keys.
 *
 * <p>Accepted values: {@code Integer}/{@code Long}, {@code byte[]}, {@code String}, {@code List},
 * {@code Map}, {@code Boolean}, {@code null} and {@link CborTagged}. Anything else is a
 * programming error.
 */
final class CborEncoder {

    private CborEncoder() {}

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case null -> out.write(0xf6);
            case Boolean b -> out.write(b ? 0xf5 : 0xf4);
            case Integer i -> writeInteger(out, i);
            case Long l -> writeInteger(out, l);
            case byte[] bytes -> {
                writeHead(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case String text -> {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                writeHead(out, 3, utf8.length);
                out.writeBytes(utf8);
            }
            case List<?> list -> {
                writeHead(out, 4, list.size());
                list.forEach(item -> write(out, item));
            }
            case Map<?, ?> map -> writeMap(out, map);
            case CborTagged tagged -> {
                writeHead(out, 6, tagged.tag());
                write(out, tagged.item());
            }
            default -> throw new IllegalArgumentException(
                    "no CBOR encoding for " + value.getClass().getName());
        }
    }

    private static void writeInteger(ByteArrayOutputStream out, long value) {
        if (value >= 0) {
            writeHead(out, 0, value);
        } else {
            writeHead(out, 1, -1 - value);
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map) {
        List<byte[][]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            entries.add(new byte[][] {encode(entry.getKey()), encode(entry.getValue())});
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        writeHead(out, 5, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0 && Arrays.equals(entries.get(i - 1)[0], entries.get(i)[0])) {
                throw new IllegalArgumentException("map has two keys with the same encoding");
            }
            out.writeBytes(entries.get(i)[0]);
            out.writeBytes(entries.get(i)[1]);
        }
    }

    /** A head: major type in the top 3 bits, then the argument in its shortest form. */
    private static void writeHead(ByteArrayOutputStream out, int majorType, long argument) {
        int major = majorType << 5;
        if (argument < 0) {
            throw new IllegalArgumentException("argument beyond 2^63 is not supported");
        } else if (argument < 24) {
            out.write(major | (int) argument);
        } else if (argument <= 0xff) {
            out.write(major | 24);
            out.write((int) argument);
        } else if (argument <= 0xffff) {
            out.write(major | 25);
            writeBigEndian(out, argument, 2);
        } else if (argument <= 0xffff_ffffL) {
            out.write(major | 26);
            writeBigEndian(out, argument, 4);
        } else {
            out.write(major | 27);
            writeBigEndian(out, argument, 8);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
    }
}

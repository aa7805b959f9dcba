package io.custody.enclave.attest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one CBOR item that must span the whole input, into plain Java values: {@code Long}
 * (major types 0 and 1), {@code byte[]}, {@code String}, unmodifiable {@code List} and {@code
 * Map}, {@code Boolean}, {@code null} and {@link CborTagged}.
 *
 * <p>Strict by design, because its input comes from outside: indefinite lengths, floats,
 * {@code undefined}, other simple values, integers beyond 2^63, invalid UTF-8, map keys that are
 * not integers or text, duplicate keys, nesting deeper than {@value #MAX_DEPTH} and trailing bytes
 * are all refused. Every length is checked against the bytes that remain before anything is
 * allocated. Non-shortest heads are accepted (producers other than this package may emit them).
 */
final class CborDecoder {

    static final int MAX_DEPTH = 16;

    private final byte[] input;
    private int position;

    private CborDecoder(byte[] input) {
        this.input = input;
    }

    static Object decode(byte[] input) throws CborFormatException {
        CborDecoder decoder = new CborDecoder(input);
        Object item = decoder.readItem(0);
        if (decoder.position != input.length) {
            throw new CborFormatException(
                    (input.length - decoder.position) + " trailing bytes after the CBOR item");
        }
        return item;
    }

    private Object readItem(int depth) throws CborFormatException {
        if (depth > MAX_DEPTH) {
            throw new CborFormatException("CBOR nested deeper than " + MAX_DEPTH);
        }
        int initial = readByte();
        int majorType = initial >>> 5;
        int additional = initial & 0x1f;
        if (majorType == 7) {
            return readSimple(additional);
        }
        long argument = readArgument(additional);
        return switch (majorType) {
            case 0 -> argument;
            case 1 -> -1 - argument;
            case 2 -> readBytes(argument);
            case 3 -> readText(argument);
            case 4 -> readArray(argument, depth);
            case 5 -> readMap(argument, depth);
            case 6 -> new CborTagged(argument, readItem(depth + 1));
            default -> throw new IllegalStateException("unreachable major type " + majorType);
        };
    }

    private Object readSimple(int additional) throws CborFormatException {
        return switch (additional) {
            case 20 -> Boolean.FALSE;
            case 21 -> Boolean.TRUE;
            case 22 -> null;
            default -> throw new CborFormatException(
                    "unsupported CBOR simple value or float (additional info " + additional + ")");
        };
    }

    private long readArgument(int additional) throws CborFormatException {
        if (additional < 24) {
            return additional;
        }
        int length = switch (additional) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 31 -> throw new CborFormatException("indefinite-length CBOR is not accepted");
            default -> throw new CborFormatException("reserved CBOR additional info " + additional);
        };
        require(length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (input[position++] & 0xff);
        }
        if (value < 0) {
            throw new CborFormatException("CBOR integer or length beyond 2^63");
        }
        return value;
    }

    private byte[] readBytes(long length) throws CborFormatException {
        require(length);
        byte[] bytes = Arrays.copyOfRange(input, position, position + (int) length);
        position += (int) length;
        return bytes;
    }

    private String readText(long length) throws CborFormatException {
        byte[] utf8 = readBytes(length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CborFormatException("CBOR text string is not valid UTF-8");
        }
    }

    private List<Object> readArray(long count, int depth) throws CborFormatException {
        require(count); // every item takes at least one byte
        List<Object> items = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            items.add(readItem(depth + 1));
        }
        return Collections.unmodifiableList(items);
    }

    private Map<Object, Object> readMap(long count, int depth) throws CborFormatException {
        require(count); // every entry takes at least two bytes; one is enough to bound allocation
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            Object key = readItem(depth + 1);
            if (!(key instanceof Long) && !(key instanceof String)) {
                throw new CborFormatException("CBOR map key is neither an integer nor text");
            }
            if (entries.containsKey(key)) {
                throw new CborFormatException("CBOR map repeats the key " + key);
            }
            entries.put(key, readItem(depth + 1));
        }
        return Collections.unmodifiableMap(entries);
    }

    private int readByte() throws CborFormatException {
        require(1);
        return input[position++] & 0xff;
    }

    private void require(long length) throws CborFormatException {
        if (length > input.length - position) {
            throw new CborFormatException("CBOR truncated: needs " + length + " more bytes, "
                    + (input.length - position) + " remain");
        }
    }
}

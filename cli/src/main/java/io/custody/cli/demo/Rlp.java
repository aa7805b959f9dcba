package io.custody.cli.demo;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

/**
 * The RLP encoding (Ethereum yellow paper, appendix B) of byte strings, unsigned integers and
 * lists — just what an EIP-1559 transaction needs, written here so the demo checks the control
 * plane's digest and raw transaction independently of the code that produced them.
 */
final class Rlp {
    private Rlp() {}

    /** A byte string. */
    static byte[] bytes(byte[] value) {
        if (value.length == 1 && (value[0] & 0xff) < 0x80) {
            return value.clone();
        }
        return concat(header(0x80, value.length), value);
    }

    /** An unsigned integer: big-endian without leading zeros; 0 is the empty string. */
    static byte[] integer(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned: " + value);
        }
        byte[] raw = value.toByteArray();
        int skip = 0;
        while (skip < raw.length && raw[skip] == 0) {
            skip++;
        }
        return bytes(java.util.Arrays.copyOfRange(raw, skip, raw.length));
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** A list of already encoded items. */
    static byte[] list(List<byte[]> encodedItems) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        encodedItems.forEach(payload::writeBytes);
        return concat(header(0xc0, payload.size()), payload.toByteArray());
    }

    private static byte[] header(int offset, int length) {
        if (length < 56) {
            return new byte[] {(byte) (offset + length)};
        }
        byte[] len = BigInteger.valueOf(length).toByteArray();
        int skip = len[0] == 0 ? 1 : 0;
        byte[] out = new byte[1 + len.length - skip];
        out[0] = (byte) (offset + 55 + len.length - skip);
        System.arraycopy(len, skip, out, 1, len.length - skip);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

package io.custody.proto.ethereum;

import java.io.ByteArrayOutputStream;

/** Bech32 (BIP-173) encoding of SegWit version 0 addresses. Encoding only: nothing here parses. */
final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Bech32() {}

    /** The address of a version-0 witness program (20 bytes for P2WPKH) under {@code hrp}. */
    static String segwitV0(String hrp, byte[] program) {
        byte[] words = toFiveBits(program);
        byte[] data = new byte[words.length + 1];
        data[0] = 0; // witness version 0
        System.arraycopy(words, 0, data, 1, words.length);
        return encode(hrp, data);
    }

    private static String encode(String hrp, byte[] data) {
        byte[] checksum = checksum(hrp, data);
        StringBuilder out = new StringBuilder(hrp.length() + 1 + data.length + checksum.length);
        out.append(hrp).append('1');
        for (byte b : data) {
            out.append(CHARSET.charAt(b));
        }
        for (byte b : checksum) {
            out.append(CHARSET.charAt(b));
        }
        return out.toString();
    }

    private static byte[] checksum(String hrp, byte[] data) {
        byte[] expanded = expandHrp(hrp);
        byte[] values = new byte[expanded.length + data.length + 6];
        System.arraycopy(expanded, 0, values, 0, expanded.length);
        System.arraycopy(data, 0, values, expanded.length, data.length);
        int mod = polymod(values) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expandHrp(String hrp) {
        byte[] out = new byte[2 * hrp.length() + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    /** Regroups 8-bit bytes into 5-bit words, padding the last one with zeros. */
    private static byte[] toFiveBits(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc = 0;
        int bits = 0;
        for (byte b : data) {
            acc = ((acc << 8) | (b & 0xff)) & 0x1fff; // at most 12 unread bits
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.write((acc >>> bits) & 31);
            }
        }
        if (bits > 0) {
            out.write((acc << (5 - bits)) & 31);
        }
        return out.toByteArray();
    }
}

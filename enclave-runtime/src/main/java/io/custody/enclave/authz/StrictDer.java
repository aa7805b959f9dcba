package io.custody.enclave.authz;

/**
 * The strict DER form of a P-256 ECDSA signature, {@code SEQUENCE { INTEGER r, INTEGER s }}:
 * short-form lengths (its body never exceeds 70 bytes), minimal positive integers, nothing
 * after the sequence. client_signature.proto promises strict DER, so one signature has one
 * encoding whatever the JDK's parser would tolerate.
 */
final class StrictDer {

    private StrictDer() {}

    static boolean isEcdsaSignature(byte[] der) {
        if (der.length < 8 || der.length > 72 || der[0] != 0x30) {
            return false;
        }
        // A P-256 signature's body is at most 70 bytes, so its length is always in short form.
        int offset = 2;
        if (offset + (der[1] & 0xff) != der.length) {
            return false;
        }
        int afterR = integerEnd(der, offset);
        return afterR > 0 && integerEnd(der, afterR) == der.length;
    }

    /** The offset just after a minimal positive INTEGER of at most 33 bytes at {@code at}, or -1. */
    private static int integerEnd(byte[] der, int at) {
        if (at + 2 > der.length || der[at] != 0x02) {
            return -1;
        }
        int length = der[at + 1] & 0xff;
        int start = at + 2;
        if (length == 0 || length > 33 || start + length > der.length) {
            return -1;
        }
        if ((der[start] & 0x80) != 0) {
            return -1; // negative
        }
        if (length > 1 && der[start] == 0 && (der[start + 1] & 0x80) == 0) {
            return -1; // a leading zero that is not needed
        }
        return start + length;
    }
}

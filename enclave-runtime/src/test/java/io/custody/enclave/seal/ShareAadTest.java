package io.custody.enclave.seal;

import static io.custody.enclave.seal.TestShares.CHAIN_CODE;
import static io.custody.enclave.seal.TestShares.GENERATOR;
import static io.custody.enclave.seal.TestShares.NO_GOVERNANCE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ShareAadTest {

    @Test
    void encodingIsTheDocumentedLayout() {
        ShareAad aad = new ShareAad("w1", "n", 258, GENERATOR, CHAIN_CODE, NO_GOVERNANCE);
        String expected = "00000014" + HexFormat.of().formatHex("custody/share-aad/v2".getBytes())
                + "00000002" + "7731"
                + "00000001" + "6e"
                + "00000102"
                + "00000021" + HexFormat.of().formatHex(GENERATOR)
                + "00000020" + HexFormat.of().formatHex(CHAIN_CODE)
                + "00000000";
        assertEquals(expected, HexFormat.of().formatHex(aad.encode()));
        assertEquals(113 + 2 + 1, aad.encode().length);
    }

    @Test
    void governanceBytesAreLengthPrefixedAtTheEnd() {
        byte[] governance = {0x0a, 0x03, 1, 2, 3};
        byte[] encoded = new ShareAad("w1", "n", 258, GENERATOR, CHAIN_CODE, governance).encode();
        assertEquals(113 + 2 + 1 + governance.length, encoded.length);
        assertEquals("00000005" + "0a03010203", HexFormat.of().formatHex(encoded, encoded.length - 9, encoded.length));
        assertNotEquals(new ShareAad("w1", "n", 258, GENERATOR, CHAIN_CODE, NO_GOVERNANCE),
                new ShareAad("w1", "n", 258, GENERATOR, CHAIN_CODE, governance));
    }

    @Test
    void shiftingBytesBetweenFieldsChangesTheEncoding() {
        ShareAad a = new ShareAad("ab", "c", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE);
        ShareAad b = new ShareAad("a", "bc", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE);
        assertNotEquals(HexFormat.of().formatHex(a.encode()), HexFormat.of().formatHex(b.encode()));
    }

    @Test
    void multiByteCharactersAreLengthPrefixedInBytes() {
        ShareAad aad = new ShareAad("wälet", "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE);
        byte[] encoded = aad.encode();
        assertEquals(6, encoded[27]);
        assertEquals(113 + 6 + 1, encoded.length);
    }

    @Test
    void publicKeyIsCopiedInAndOut() {
        byte[] key = GENERATOR.clone();
        ShareAad aad = new ShareAad("w", "n", 1, key, CHAIN_CODE, NO_GOVERNANCE);
        key[5] ^= 1;
        assertArrayEquals(GENERATOR, aad.publicKey());
        aad.publicKey()[5] ^= 1;
        assertArrayEquals(GENERATOR, aad.publicKey());
        assertEquals(new ShareAad("w", "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE), aad);
        assertEquals(new ShareAad("w", "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE).hashCode(), aad.hashCode());
    }

    @Test
    void refusesInvalidFields() {
        assertThrows(NullPointerException.class, () -> new ShareAad(null, "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad(" ", "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w".repeat(129), "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        new ShareAad("w".repeat(128), "n".repeat(64), 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE);
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n".repeat(65), 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w\uD800", "n", 1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 0, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", -1, GENERATOR, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(NullPointerException.class, () -> new ShareAad("w", "n", 1, null, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, new byte[32], CHAIN_CODE, NO_GOVERNANCE));
        byte[] uncompressed = GENERATOR.clone();
        uncompressed[0] = 0x04;
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, uncompressed, CHAIN_CODE, NO_GOVERNANCE));
        byte[] offCurve = new byte[33];
        java.util.Arrays.fill(offCurve, (byte) 0xff);
        offCurve[0] = 0x02;
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, offCurve, CHAIN_CODE, NO_GOVERNANCE));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, GENERATOR, new byte[31], NO_GOVERNANCE));
        assertThrows(NullPointerException.class, () -> new ShareAad("w", "n", 1, GENERATOR, null, NO_GOVERNANCE));
        assertThrows(NullPointerException.class, () -> new ShareAad("w", "n", 1, GENERATOR, CHAIN_CODE, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ShareAad("w", "n", 1, GENERATOR, CHAIN_CODE, new byte[64 * 1024 + 1]));
    }

    @Test
    void cacheKeyValidatesToo() {
        assertEquals(new ShareCacheKey("w", 3), ShareCacheKey.of(new ShareAad("w", "n", 3, GENERATOR, CHAIN_CODE, NO_GOVERNANCE)));
        assertThrows(IllegalArgumentException.class, () -> new ShareCacheKey("", 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareCacheKey("w", 0));
    }
}

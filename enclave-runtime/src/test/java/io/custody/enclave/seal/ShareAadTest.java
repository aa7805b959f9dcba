package io.custody.enclave.seal;

import static io.custody.enclave.seal.TestShares.GENERATOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ShareAadTest {

    @Test
    void encodingIsTheDocumentedLayout() {
        ShareAad aad = new ShareAad("w1", "n", 258, GENERATOR);
        String expected = "00000014" + HexFormat.of().formatHex("custody/share-aad/v1".getBytes())
                + "00000002" + "7731"
                + "00000001" + "6e"
                + "00000102"
                + "00000021" + HexFormat.of().formatHex(GENERATOR);
        assertEquals(expected, HexFormat.of().formatHex(aad.encode()));
        assertEquals(73 + 2 + 1, aad.encode().length);
    }

    @Test
    void shiftingBytesBetweenFieldsChangesTheEncoding() {
        ShareAad a = new ShareAad("ab", "c", 1, GENERATOR);
        ShareAad b = new ShareAad("a", "bc", 1, GENERATOR);
        assertNotEquals(HexFormat.of().formatHex(a.encode()), HexFormat.of().formatHex(b.encode()));
    }

    @Test
    void multiByteCharactersAreLengthPrefixedInBytes() {
        ShareAad aad = new ShareAad("wälet", "n", 1, GENERATOR);
        byte[] encoded = aad.encode();
        assertEquals(6, encoded[27]);
        assertEquals(73 + 6 + 1, encoded.length);
    }

    @Test
    void publicKeyIsCopiedInAndOut() {
        byte[] key = GENERATOR.clone();
        ShareAad aad = new ShareAad("w", "n", 1, key);
        key[5] ^= 1;
        assertArrayEquals(GENERATOR, aad.publicKey());
        aad.publicKey()[5] ^= 1;
        assertArrayEquals(GENERATOR, aad.publicKey());
        assertEquals(new ShareAad("w", "n", 1, GENERATOR), aad);
        assertEquals(new ShareAad("w", "n", 1, GENERATOR).hashCode(), aad.hashCode());
    }

    @Test
    void refusesInvalidFields() {
        assertThrows(NullPointerException.class, () -> new ShareAad(null, "n", 1, GENERATOR));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad(" ", "n", 1, GENERATOR));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w".repeat(129), "n", 1, GENERATOR));
        new ShareAad("w".repeat(128), "n".repeat(64), 1, GENERATOR);
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "", 1, GENERATOR));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n".repeat(65), 1, GENERATOR));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w\uD800", "n", 1, GENERATOR));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 0, GENERATOR));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", -1, GENERATOR));
        assertThrows(NullPointerException.class, () -> new ShareAad("w", "n", 1, null));
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, new byte[32]));
        byte[] uncompressed = GENERATOR.clone();
        uncompressed[0] = 0x04;
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, uncompressed));
        byte[] offCurve = new byte[33];
        java.util.Arrays.fill(offCurve, (byte) 0xff);
        offCurve[0] = 0x02;
        assertThrows(IllegalArgumentException.class, () -> new ShareAad("w", "n", 1, offCurve));
    }

    @Test
    void cacheKeyValidatesToo() {
        assertEquals(new ShareCacheKey("w", 3), ShareCacheKey.of(new ShareAad("w", "n", 3, GENERATOR)));
        assertThrows(IllegalArgumentException.class, () -> new ShareCacheKey("", 1));
        assertThrows(IllegalArgumentException.class, () -> new ShareCacheKey("w", 0));
    }
}

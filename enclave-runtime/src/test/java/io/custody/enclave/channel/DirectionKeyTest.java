package io.custody.enclave.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DirectionKeyTest {

    private static final byte[] SHARED = Edit.filled(32, 0x11);
    private static final byte[] SESSION = Edit.filled(32, 0x22);

    @Test
    void infoIsPrefixThenSenderThenRecipient() {
        byte[] info = DirectionKey.info(1, 200);
        assertEquals("custody/peer-channel/v1", new String(info, 0, 23, StandardCharsets.US_ASCII));
        assertEquals(25, info.length);
        assertEquals(1, info[23]);
        assertEquals(200, info[24] & 0xff);
        assertThrows(IllegalArgumentException.class, () -> DirectionKey.info(0, 1));
        assertThrows(IllegalArgumentException.class, () -> DirectionKey.info(1, 256));
    }

    /** The JDK KDF call agrees with RFC 5869 written out with HMAC-SHA256. */
    @Test
    void derivationIsHkdfSha256() throws Exception {
        byte[] expected = rfc5869(SESSION, SHARED, DirectionKey.info(1, 2));
        DirectionKey key = DirectionKey.derive(SHARED, SESSION, 1, 2);
        assertArrayEquals(expected, key.aesKey().getEncoded());
    }

    /** RFC 5869 appendix A.1, to show the reference implementation above is right. */
    @Test
    void referenceHkdfMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] okm = rfc5869(hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf", hex.formatHex(okm));
    }

    @Test
    void directionsAndSessionsGetDifferentKeys() {
        DirectionKey oneToTwo = DirectionKey.derive(SHARED, SESSION, 1, 2);
        assertTrue(oneToTwo.sameKeyAs(DirectionKey.derive(SHARED, SESSION, 1, 2)));
        assertFalse(oneToTwo.sameKeyAs(DirectionKey.derive(SHARED, SESSION, 2, 1)));
        assertFalse(oneToTwo.sameKeyAs(DirectionKey.derive(SHARED, Edit.filled(32, 0x23), 1, 2)));
    }

    @Test
    void destroyZeroesAndForbidsUse() {
        DirectionKey key = DirectionKey.derive(SHARED, SESSION, 1, 2);
        DirectionKey other = DirectionKey.derive(SHARED, SESSION, 2, 1);
        key.destroy();
        other.destroy();
        assertTrue(key.isDestroyed());
        assertTrue(key.sameKeyAs(other), "both zeroed, so two different keys now compare equal");
        assertThrows(IllegalStateException.class, key::aesKey);
        assertEquals("DirectionKey[hidden]", key.toString());
    }

    private static byte[] rfc5869(byte[] salt, byte[] ikm, byte[] info) throws Exception {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = extract.doFinal(ikm);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update(info);
        expand.update((byte) 1);
        return expand.doFinal(); // L = 32 = one block
    }
}

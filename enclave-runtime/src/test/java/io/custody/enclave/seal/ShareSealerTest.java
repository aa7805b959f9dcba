package io.custody.enclave.seal;

import static io.custody.enclave.seal.TestShares.CHAIN_CODE;
import static io.custody.enclave.seal.TestShares.GENERATOR;
import static io.custody.enclave.seal.TestShares.NO_GOVERNANCE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.dkls23.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShareSealerTest {

    private static final byte[] PLAINTEXT = "a serialized key share, pretend".getBytes();
    /** A second valid compressed point: 2G. */
    private static final byte[] OTHER_KEY = HexFormat.of()
            .parseHex("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");

    private final ShareSealer sealer = new ShareSealer();
    private final ShareAad aad = new ShareAad("wallet-1", "node-a", 3, GENERATOR, CHAIN_CODE, NO_GOVERNANCE);
    private DataKey key;
    private byte[] blob;

    @BeforeEach
    void seal() {
        key = DataKey.generate(new SecureRandom());
        try (SecretBytes plaintext = new SecretBytes(PLAINTEXT.clone())) {
            blob = sealer.seal(key, aad, plaintext);
        }
    }

    @AfterEach
    void closeKey() {
        key.close();
    }

    @Test
    void roundTrip() throws Exception {
        try (SecretBytes opened = sealer.open(key, aad, blob)) {
            assertArrayEquals(PLAINTEXT, opened.bytes());
        }
        assertEquals(PLAINTEXT.length + ShareSealer.OVERHEAD, blob.length);
        assertEquals(ShareSealer.FORMAT_V1, blob[0]);
    }

    @Test
    void emptyPlaintextRoundTrips() throws Exception {
        byte[] sealed = sealer.seal(key, aad, new SecretBytes(new byte[0]));
        assertEquals(ShareSealer.OVERHEAD, sealed.length);
        try (SecretBytes opened = sealer.open(key, aad, sealed)) {
            assertEquals(0, opened.length());
        }
    }

    @Test
    void layoutIsFormatNonceThenGcmOverTheFormatByteAndAad() throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, key.secretKeySpec(), new GCMParameterSpec(128, blob, 1, 12));
        byte[] associated = new byte[1 + aad.encode().length];
        associated[0] = 0x01;
        System.arraycopy(aad.encode(), 0, associated, 1, associated.length - 1);
        gcm.updateAAD(associated);
        assertArrayEquals(PLAINTEXT, gcm.doFinal(blob, 13, blob.length - 13));
    }

    @Test
    void noncesAreFresh() {
        byte[] again = sealer.seal(key, aad, new SecretBytes(PLAINTEXT.clone()));
        assertNotEquals(HexFormat.of().formatHex(blob, 1, 13), HexFormat.of().formatHex(again, 1, 13));
    }

    @Test
    void everyAadFieldIsBound() {
        List<ShareAad> others = List.of(
                new ShareAad("wallet-2", "node-a", 3, GENERATOR, CHAIN_CODE, NO_GOVERNANCE),
                new ShareAad("wallet-1", "node-b", 3, GENERATOR, CHAIN_CODE, NO_GOVERNANCE),
                new ShareAad("wallet-1", "node-a", 2, GENERATOR, CHAIN_CODE, NO_GOVERNANCE),
                new ShareAad("wallet-1", "node-a", 4, GENERATOR, CHAIN_CODE, NO_GOVERNANCE),
                new ShareAad("wallet-1", "node-a", 3, OTHER_KEY, CHAIN_CODE, NO_GOVERNANCE),
                new ShareAad("wallet-1", "node-a", 3, GENERATOR, new byte[32], NO_GOVERNANCE),
                // A host that adds a governance to an ungoverned share, or changes one, is caught.
                new ShareAad("wallet-1", "node-a", 3, GENERATOR, CHAIN_CODE, new byte[] {0x10, 0x01}));
        for (ShareAad other : others) {
            assertNotAuthentic(() -> sealer.open(key, other, blob));
        }
    }

    @Test
    void everyFlippedBitIsRefused() {
        for (int bit = 0; bit < blob.length * 8; bit++) {
            byte[] damaged = blob.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(ShareOpenException.class, () -> sealer.open(key, aad, damaged), "bit " + bit);
        }
    }

    @Test
    void truncatedOrExtendedBlobsAreRefused() {
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThrows(ShareOpenException.class, () -> sealer.open(key, aad, truncated), "length " + length);
        }
        assertNotAuthentic(() -> sealer.open(key, aad, Arrays.copyOf(blob, blob.length + 1)));
    }

    @Test
    void wrongKeyIsRefused() {
        try (DataKey other = DataKey.generate(new SecureRandom())) {
            assertNotAuthentic(() -> sealer.open(other, aad, blob));
        }
    }

    @Test
    void unknownFormatByteIsRefusedByName() {
        byte[] future = blob.clone();
        future[0] = 0x02;
        ShareOpenException e = assertThrows(ShareOpenException.class, () -> sealer.open(key, aad, future));
        assertEquals("sealed share has unknown format byte 0x02", e.getMessage());
    }

    @Test
    void closedKeyCannotSealOrOpen() {
        key.close();
        assertThrows(IllegalStateException.class, () -> sealer.open(key, aad, blob));
        assertThrows(IllegalStateException.class, () -> sealer.seal(key, aad, new SecretBytes(new byte[1])));
    }

    @Test
    void messagesRevealNoBytes() {
        ShareOpenException e = assertThrows(ShareOpenException.class,
                () -> sealer.open(key, new ShareAad("wallet-9", "node-a", 3, GENERATOR, CHAIN_CODE, NO_GOVERNANCE), blob));
        String keyHex = HexFormat.of().formatHex(key.bytes());
        assertFalse(e.getMessage().contains(keyHex.substring(0, 8)));
        assertEquals(null, e.getCause());
    }

    private static void assertNotAuthentic(org.junit.jupiter.api.function.Executable open) {
        ShareOpenException e = assertThrows(ShareOpenException.class, open);
        assertEquals(ShareOpenException.notAuthentic().getMessage(), e.getMessage());
    }
}

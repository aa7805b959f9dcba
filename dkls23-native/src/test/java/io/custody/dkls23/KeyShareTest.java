package io.custody.dkls23;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.local.LocalParties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyShareTest {

    @Test
    void aSerializedShareReadsBackAsTheSameShareAndStillSigns() throws Exception {
        List<KeyShare> shares = Wallets.threeOfFive();
        List<KeyShare> copies = new ArrayList<>();
        try {
            for (int party : new int[] {1, 3, 4}) {
                KeyShare original = shares.get(party - 1);
                try (SecretBytes bytes = original.serialize()) {
                    KeyShare copy = KeyShare.deserialize(bytes.bytes());
                    copies.add(copy);
                    assertEquals(original.partyIndex(), copy.partyIndex());
                    assertEquals(original.threshold(), copy.threshold());
                    assertEquals(original.shareCount(), copy.shareCount());
                    assertArrayEquals(original.publicKey(), copy.publicKey());
                    assertArrayEquals(original.chainCode(), copy.chainCode());
                    assertEquals(original.bitcoinAddress(), copy.bitcoinAddress());
                    try (SecretBytes again = copy.serialize()) {
                        assertTrue(bytes.equals(again), "serialize(deserialize(x)) != x");
                    }
                }
            }
            byte[] hash = Wallets.randomHash();
            Signature signature = LocalParties.sign(copies, Wallets.randomId(), hash);
            assertTrue(IndependentVerifier.verifies(shares.getFirst().publicKey(), hash, signature));
        } finally {
            copies.forEach(KeyShare::close);
        }
    }

    @Test
    void secretBytesAreZeroedOnClose() {
        SecretBytes bytes = Wallets.threeOfFive().getFirst().serialize();
        byte[] live = bytes.bytes();
        bytes.close();
        assertTrue(Arrays.equals(new byte[live.length], live), "serialized share not zeroed");
        assertThrows(SessionClosedException.class, bytes::bytes);
        assertFalse(bytes.toString().matches(".*[0-9a-f]{16}.*"), "toString shows contents");
    }

    @Test
    void childSharesSignUnderTheChildKey() throws Exception {
        List<KeyShare> shares = Wallets.threeOfFive();
        List<KeyShare> children = new ArrayList<>();
        try {
            for (KeyShare share : Wallets.parties(shares, 1, 2, 5)) {
                children.add(share.derivePath(0, 7));
            }
            byte[] childKey = children.getFirst().publicKey();
            children.forEach(c -> assertArrayEquals(childKey, c.publicKey()));
            assertFalse(Arrays.equals(shares.getFirst().publicKey(), childKey));
            assertFalse(shares.getFirst().ethereumAddress().equals(children.getFirst().ethereumAddress()));

            byte[] hash = Wallets.randomHash();
            Signature signature = LocalParties.sign(children, Wallets.randomId(), hash);

            assertTrue(IndependentVerifier.verifies(childKey, hash, signature));
            assertFalse(IndependentVerifier.verifies(shares.getFirst().publicKey(), hash, signature));
            assertEquals(children.getFirst().ethereumAddress(), IndependentVerifier.recoveredAddress(hash, signature));
        } finally {
            children.forEach(KeyShare::close);
        }
    }

    @Test
    void derivationIsDeterministicAndPathsDiffer() {
        KeyShare share = Wallets.threeOfFive().get(2);
        try (KeyShare a = share.deriveChild(1); KeyShare b = share.deriveChild(1); KeyShare c = share.deriveChild(2)) {
            assertArrayEquals(a.publicKey(), b.publicKey());
            assertFalse(Arrays.equals(a.publicKey(), c.publicKey()));
        }
    }

    @Test
    void everyPartyHasTheSameChainCodeAndAChildHasAnother() {
        List<KeyShare> shares = Wallets.threeOfFive();
        byte[] chainCode = shares.getFirst().chainCode();
        assertEquals(KeyShare.CHAIN_CODE_LENGTH, chainCode.length);
        assertFalse(Arrays.equals(new byte[KeyShare.CHAIN_CODE_LENGTH], chainCode));
        shares.forEach(share -> assertArrayEquals(chainCode, share.chainCode()));
        try (KeyShare a = shares.get(0).deriveChild(3); KeyShare b = shares.get(4).deriveChild(3)) {
            assertArrayEquals(a.chainCode(), b.chainCode());
            assertFalse(Arrays.equals(chainCode, a.chainCode()));
        }
    }

    @Test
    void hardenedDerivationIsRefused() {
        KeyShare share = Wallets.threeOfFive().getFirst();
        assertThrows(InvalidArgumentException.class, () -> share.deriveChild(KeyShare.HARDENED_OFFSET));
        assertThrows(InvalidArgumentException.class, () -> share.deriveChild(-1));
    }
}

package io.custody.enclave.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.dkls23.KeyShare;
import io.custody.dkls23.SecretBytes;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyShareSealerTest {

    private static List<KeyShare> shares;
    private final ShareSealer sealer = new ShareSealer();
    private final KeyShareSealer shareSealer = new KeyShareSealer(sealer);

    @BeforeAll
    static void dkg() {
        shares = TestShares.dkg(2);
    }

    @AfterAll
    static void closeShares() {
        TestShares.closeAll(shares);
    }

    @Test
    void realShareRoundTrips() throws Exception {
        KeyShare original = shares.get(0);
        ShareAad aad = TestShares.aad(original.publicKey());
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            byte[] blob = shareSealer.seal(key, aad, original);
            try (KeyShare opened = shareSealer.open(key, aad, blob);
                    SecretBytes before = original.serialize();
                    SecretBytes after = opened.serialize()) {
                assertArrayEquals(original.publicKey(), opened.publicKey());
                assertEquals(original.partyIndex(), opened.partyIndex());
                assertEquals(original.ethereumAddress(), opened.ethereumAddress());
                assertEquals(before, after);
            }
        }
    }

    @Test
    void refusesToSealUnderAnotherPublicKey() {
        ShareAad wrong = TestShares.aad(TestShares.GENERATOR);
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            assertThrows(ShareContentException.class, () -> shareSealer.seal(key, wrong, shares.get(1)));
        }
    }

    @Test
    void refusesAnOpenedShareWhosePublicKeyDiffers() throws Exception {
        // Only a faulty sealer can produce this: seal the bytes directly under the wrong key's AAD.
        ShareAad wrong = TestShares.aad(TestShares.GENERATOR);
        try (DataKey key = DataKey.generate(new SecureRandom());
                SecretBytes serialized = shares.get(1).serialize()) {
            byte[] blob = sealer.seal(key, wrong, serialized);
            assertThrows(ShareContentException.class, () -> shareSealer.open(key, wrong, blob));
        }
    }

    @Test
    void refusesAuthenticBytesThatAreNotAShare() throws Exception {
        ShareAad aad = TestShares.aad(shares.get(0).publicKey());
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            byte[] blob = sealer.seal(key, aad, new SecretBytes(new byte[] {1, 2, 3}));
            assertThrows(ShareContentException.class, () -> shareSealer.open(key, aad, blob));
        }
    }

    @Test
    void wrongAadOrKeyIsRefusedBeforeDeserializing() throws Exception {
        KeyShare share = shares.get(0);
        ShareAad aad = TestShares.aad(share.publicKey());
        try (DataKey key = DataKey.generate(new SecureRandom());
                DataKey other = DataKey.generate(new SecureRandom())) {
            byte[] blob = shareSealer.seal(key, aad, share);
            ShareAad nextVersion = new ShareAad(aad.walletId(), aad.nodeId(), 2, aad.publicKey());
            assertThrows(ShareOpenException.class, () -> shareSealer.open(key, nextVersion, blob));
            assertThrows(ShareOpenException.class, () -> shareSealer.open(other, aad, blob));
        }
    }
}

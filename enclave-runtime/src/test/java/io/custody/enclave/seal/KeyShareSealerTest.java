package io.custody.enclave.seal;

import static io.custody.enclave.seal.TestShares.CHAIN_CODE;
import static io.custody.enclave.seal.TestShares.NO_GOVERNANCE;
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
        ShareAad aad = TestShares.aad(original);
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            byte[] blob = shareSealer.seal(key, aad, original);
            try (OpenedShare openedShare = shareSealer.open(key, aad, blob);
                    SecretBytes before = original.serialize();
                    SecretBytes after = openedShare.share().serialize()) {
                KeyShare opened = openedShare.share();
                assertArrayEquals(original.publicKey(), opened.publicKey());
                assertArrayEquals(original.chainCode(), opened.chainCode());
                assertEquals(io.custody.enclave.authz.Governance.UNGOVERNED, openedShare.governance());
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
    void refusesToSealUnderAnotherChainCode() {
        ShareAad wrong = TestShares.aad(shares.get(1).publicKey(), CHAIN_CODE);
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            assertThrows(ShareContentException.class, () -> shareSealer.seal(key, wrong, shares.get(1)));
        }
    }

    @Test
    void refusesAnOpenedShareWhoseChainCodeDiffers() throws Exception {
        ShareAad wrong = TestShares.aad(shares.get(1).publicKey(), CHAIN_CODE);
        try (DataKey key = DataKey.generate(new SecureRandom());
                SecretBytes serialized = shares.get(1).serialize()) {
            byte[] blob = sealer.seal(key, wrong, serialized);
            assertThrows(ShareContentException.class, () -> shareSealer.open(key, wrong, blob));
        }
    }

    @Test
    void refusesAuthenticGovernanceBytesThatDoNotRead() throws Exception {
        KeyShare share = shares.get(0);
        ShareAad garbled = new ShareAad("wallet-7f3a", "node-1", 1, share.publicKey(), share.chainCode(),
                new byte[] {(byte) 0xff, 0x01});
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            byte[] blob = shareSealer.seal(key, garbled, share);
            assertThrows(ShareContentException.class, () -> shareSealer.open(key, garbled, blob));
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
        ShareAad aad = TestShares.aad(shares.get(0));
        try (DataKey key = DataKey.generate(new SecureRandom())) {
            byte[] blob = sealer.seal(key, aad, new SecretBytes(new byte[] {1, 2, 3}));
            assertThrows(ShareContentException.class, () -> shareSealer.open(key, aad, blob));
        }
    }

    @Test
    void wrongAadOrKeyIsRefusedBeforeDeserializing() throws Exception {
        KeyShare share = shares.get(0);
        ShareAad aad = TestShares.aad(share);
        try (DataKey key = DataKey.generate(new SecureRandom());
                DataKey other = DataKey.generate(new SecureRandom())) {
            byte[] blob = shareSealer.seal(key, aad, share);
            ShareAad nextVersion = new ShareAad(aad.walletId(), aad.nodeId(), 2, aad.publicKey(), CHAIN_CODE, NO_GOVERNANCE);
            assertThrows(ShareOpenException.class, () -> shareSealer.open(key, nextVersion, blob));
            assertThrows(ShareOpenException.class, () -> shareSealer.open(other, aad, blob));
        }
    }
}

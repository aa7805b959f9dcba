package io.custody.dkls23;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.local.LocalParties;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ThresholdSigningTest {

    @Test
    void everyPartyOfTheDkgHoldsTheSameKey() {
        List<KeyShare> shares = Wallets.threeOfFive();
        assertEquals(5, shares.size());
        KeyShare first = shares.getFirst();
        for (int k = 0; k < shares.size(); k++) {
            KeyShare share = shares.get(k);
            assertEquals(k + 1, share.partyIndex());
            assertEquals(3, share.threshold());
            assertEquals(5, share.shareCount());
            assertArrayEquals(first.publicKey(), share.publicKey());
            assertEquals(first.ethereumAddress(), share.ethereumAddress());
            assertEquals(first.bitcoinAddress(), share.bitcoinAddress());
        }
        assertEquals(33, first.publicKey().length);
        assertTrue(first.ethereumAddress().matches("0x[0-9a-fA-F]{40}"), first.ethereumAddress());
        assertTrue(first.bitcoinAddress().matches("bc1q[02-9ac-hj-np-z]{38}"), first.bitcoinAddress());
    }

    static Stream<Arguments> everyQuorumOfThree() {
        List<Arguments> quorums = new ArrayList<>();
        for (int a = 1; a <= 5; a++) {
            for (int b = a + 1; b <= 5; b++) {
                for (int c = b + 1; c <= 5; c++) {
                    quorums.add(Arguments.of(a, b, c));
                }
            }
        }
        assertEquals(10, quorums.size());
        return quorums.stream();
    }

    @ParameterizedTest(name = "parties {0}, {1}, {2}")
    @MethodSource("everyQuorumOfThree")
    void everyThreePartyQuorumSignsAndTheSignatureVerifiesIndependently(int a, int b, int c) throws Exception {
        List<KeyShare> shares = Wallets.threeOfFive();
        byte[] hash = Wallets.randomHash();

        Signature signature = LocalParties.sign(Wallets.parties(shares, a, b, c), Wallets.randomId(), hash);

        assertTrue(IndependentVerifier.verifies(shares.getFirst().publicKey(), hash, signature),
                "BouncyCastle rejects the signature of quorum " + a + b + c);
        assertTrue(IndependentVerifier.isLowS(signature));
        assertEquals(shares.getFirst().ethereumAddress(), IndependentVerifier.recoveredAddress(hash, signature),
                "web3j recovers another address: wrong recovery id");
    }

    @Test
    void aSignatureDoesNotVerifyForAnotherHash() {
        List<KeyShare> shares = Wallets.threeOfFive();
        byte[] hash = Wallets.randomHash();
        Signature signature = LocalParties.sign(Wallets.parties(shares, 2, 4, 5), Wallets.randomId(), hash);
        hash[0] ^= 1;
        assertTrue(!IndependentVerifier.verifies(shares.getFirst().publicKey(), hash, signature));
    }
}

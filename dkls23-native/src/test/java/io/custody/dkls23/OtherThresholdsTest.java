package io.custody.dkls23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.local.LocalParties;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtherThresholdsTest {

    @ParameterizedTest(name = "{0}-of-{1}, quorum {2}")
    @CsvSource({"2, 2, '1 2'", "2, 3, '1 3'", "2, 3, '2 3'", "5, 7, '1 2 4 6 7'"})
    void aThresholdKeySignsWithAnyQuorumOfItsSize(int threshold, int shareCount, String quorum) throws Exception {
        int[] signers = java.util.Arrays.stream(quorum.split(" ")).mapToInt(Integer::parseInt).toArray();
        List<KeyShare> shares = LocalParties.dkg(threshold, shareCount, Wallets.randomId());
        try {
            assertEquals(shareCount, shares.size());
            shares.forEach(s -> assertEquals(threshold, s.threshold()));
            byte[] hash = Wallets.randomHash();

            Signature signature = LocalParties.sign(Wallets.parties(shares, signers), Wallets.randomId(), hash);

            assertTrue(IndependentVerifier.verifies(shares.getFirst().publicKey(), hash, signature));
            assertEquals(shares.getFirst().ethereumAddress(), IndependentVerifier.recoveredAddress(hash, signature));
        } finally {
            shares.forEach(KeyShare::close);
        }
    }
}

package io.custody.dkls23;

import io.custody.dkls23.local.LocalParties;
import java.security.SecureRandom;
import java.util.List;

/**
 * Key shares shared by the test classes of this JVM: a 3-of-5 DKG costs seconds, so it runs once.
 * Tests must not close these shares.
 */
final class Wallets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static List<KeyShare> threeOfFive;

    private Wallets() {}

    static synchronized List<KeyShare> threeOfFive() {
        if (threeOfFive == null) {
            threeOfFive = LocalParties.dkg(3, 5, randomId());
        }
        return threeOfFive;
    }

    static byte[] randomId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return id;
    }

    static byte[] randomHash() {
        return randomId();
    }

    /** The shares of the given 1-based parties, in that order. */
    static List<KeyShare> parties(List<KeyShare> shares, int... indices) {
        return java.util.Arrays.stream(indices).mapToObj(i -> shares.get(i - 1)).toList();
    }
}

package io.custody.dkls23;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.dkls23.local.LocalParties;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RefreshTest {
    private static List<KeyShare> old;
    private static List<KeyShare> refreshed;

    @BeforeAll
    static void refreshTheSharedWallet() {
        old = Wallets.threeOfFive();
        refreshed = LocalParties.refresh(old, Wallets.randomId());
    }

    @AfterAll
    static void closeRefreshedShares() {
        refreshed.forEach(KeyShare::close);
    }

    @Test
    void theGroupKeyAndAddressesStay() {
        for (int k = 0; k < 5; k++) {
            assertEquals(k + 1, refreshed.get(k).partyIndex());
            assertArrayEquals(old.get(k).publicKey(), refreshed.get(k).publicKey());
            assertEquals(old.get(k).ethereumAddress(), refreshed.get(k).ethereumAddress());
        }
    }

    @Test
    void everyShareChanges() {
        for (int k = 0; k < 5; k++) {
            try (SecretBytes before = old.get(k).serialize(); SecretBytes after = refreshed.get(k).serialize()) {
                assertFalse(before.equals(after), "party " + (k + 1) + " kept its share");
            }
        }
    }

    @Test
    void refreshedSharesSign() throws Exception {
        byte[] hash = Wallets.randomHash();
        Signature signature = LocalParties.sign(Wallets.parties(refreshed, 2, 4, 5), Wallets.randomId(), hash);
        assertTrue(IndependentVerifier.verifies(old.getFirst().publicKey(), hash, signature));
        assertEquals(old.getFirst().ethereumAddress(), IndependentVerifier.recoveredAddress(hash, signature));
    }

    @Test
    void oldAndNewSharesNeverMakeASignature() {
        // Parties 1 (old share) with 2 and 3 (refreshed): the multiplication setups and the
        // Lagrange shares no longer fit together, so the run must abort rather than sign.
        List<KeyShare> mixed = List.of(old.get(0), refreshed.get(1), refreshed.get(2));
        long before = Dkls23.liveHandles();

        Dkls23Exception failure = assertThrows(Dkls23Exception.class,
                () -> LocalParties.sign(mixed, Wallets.randomId(), Wallets.randomHash()));

        assertFalse(failure instanceof NativePanicException, failure.toString());
        assertEquals(before, Dkls23.liveHandles(), "a failed session leaked a handle");
        assertInstanceOf(Dkls23Exception.class, failure);
    }
}

package io.custody.signer.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalletHoldingTest {
    @Test
    void holdersComeInPartyOrderWhateverTheMapsOrder() {
        Map<Integer, String> byParty = new HashMap<>();
        for (int party : new int[] {5, 2, 4, 1, 3}) {
            byParty.put(party, "node-" + (char) ('a' + party - 1));
        }
        WalletHolding holding = new WalletHolding("w", 1, 3, 2, byParty);
        assertEquals(List.of("node-a", "node-b", "node-c", "node-d", "node-e"), holding.holders());
        assertEquals("node-b", holding.selfNodeId());
    }

    @Test
    void partiesMustBeOneToN() {
        assertThrows(IllegalArgumentException.class, () -> new WalletHolding("w", 1, 2, 1,
                Map.of(1, "a", 2, "b", 4, "d")));
        assertThrows(IllegalArgumentException.class, () -> new WalletHolding("w", 1, 4, 1,
                Map.of(1, "a", 2, "b", 3, "c")));
        assertThrows(IllegalArgumentException.class, () -> new WalletHolding("w", 1, 2, 4,
                Map.of(1, "a", 2, "b", 3, "c")));
    }

    @Test
    void aStagedVersionIsFoundByWalletAndVersionOnlyAndItsKeyIsACopy() {
        StagedShares staged = new StagedShares();
        byte[] key = {2, 7, 7};
        staged.put(new WalletHolding("w", 2, 2, 1, Map.of(1, "a", 2, "b")), key);
        key[0] = 3;
        assertTrue(staged.get("w", 1).isEmpty());
        assertTrue(staged.get("v", 2).isEmpty());
        assertArrayEquals(new byte[] {2, 7, 7}, staged.get("w", 2).orElseThrow().publicKey());
        staged.remove("w", 2);
        assertTrue(staged.get("w", 2).isEmpty());
    }
}

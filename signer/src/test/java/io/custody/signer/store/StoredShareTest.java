package io.custody.signer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoredShareTest {
    private static final KmsKeyRef KEY = new KmsKeyRef("key", 1);

    @Test
    void copiesBytesInAndOut() {
        StoredShare s = TestShares.share("w", "node-1", 1);
        byte[] sealed = s.sealedShare();
        sealed[0] ^= 1;
        assertFalse(sealed[0] == s.sealedShare()[0]);
        assertEquals(TestShares.share("w", "node-1", 1), s);
        assertEquals(TestShares.share("w", "node-1", 1).hashCode(), s.hashCode());
    }

    @Test
    void toStringShowsLengthsNotBytes() {
        String text = TestShares.share("w", "node-1", 1).toString();
        assertTrue(text.contains("sealedShare=96 bytes"), text);
        assertFalse(text.contains("[B@"), text);
    }

    @Test
    void rejectsMalformedFields() {
        byte[] pk = TestShares.share("w", "n", 1).publicKey();
        byte[] one = {1};
        assertThrows(IllegalArgumentException.class, () -> new StoredShare("", "n", 1, pk, one, one, KEY));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredShare("w".repeat(129), "n", 1, pk, one, one, KEY));
        assertThrows(IllegalArgumentException.class, () -> new StoredShare("w\n", "n", 1, pk, one, one, KEY));
        assertThrows(IllegalArgumentException.class, () -> new StoredShare("w", "n", 0, pk, one, one, KEY));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredShare("w", "n", 1, new byte[32], one, one, KEY));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredShare("w", "n", 1, new byte[33], one, one, KEY));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredShare("w", "n", 1, pk, new byte[0], one, KEY));
        assertThrows(NullPointerException.class, () -> new StoredShare("w", "n", 1, pk, one, null, KEY));
        assertThrows(IllegalArgumentException.class, () -> new KmsKeyRef("key", 0));
        assertThrows(IllegalArgumentException.class, () -> new KmsKeyRef(" ", 1));
        assertArrayEquals(pk, new StoredShare("w", "n", 1, pk, one, one, KEY).publicKey());
        assertThrows(IllegalArgumentException.class,
                () -> new StoredShare("w", "n", 1, pk, one, one, KEY, new byte[0], new byte[31]));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredShare("w", "n", 1, pk, one, one, KEY, new byte[64 * 1024 + 1], new byte[32]));
        assertThrows(NullPointerException.class, () -> new StoredShare("w", "n", 1, pk, one, one, KEY, null, new byte[32]));
    }

    @Test
    void governanceAndChainCodeAreCopiedAndCompared() {
        StoredShare governed = TestShares.governedShare("w", "node-1", 1);
        byte[] governance = governed.governance();
        governance[0] ^= 1;
        assertFalse(governance[0] == governed.governance()[0]);
        assertEquals(32, governed.chainCode().length);
        assertFalse(governed.equals(TestShares.share("w", "node-1", 1)), "governance is part of the row");
        assertEquals(0, TestShares.share("w", "n", 1).governance().length);
        assertTrue(governed.toString().contains("governance=70 bytes"), governed.toString());
    }

    @Test
    void nodeRolesAreDerivedAndValidated() {
        assertEquals("custody_node_node_1", NodeRole.of("node-1").roleName());
        assertThrows(IllegalArgumentException.class, () -> NodeRole.of("Node 1"));
        assertThrows(IllegalArgumentException.class, () -> NodeRole.of("n\"; drop table x; --"));
        assertThrows(IllegalArgumentException.class, () -> new NodeRole("node-1", "postgres"));
    }
}

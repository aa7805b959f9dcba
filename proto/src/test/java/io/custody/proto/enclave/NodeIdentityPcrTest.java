package io.custody.proto.enclave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeIdentityPcrTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Computed independently (Python hashlib) from the layout in the class comment. */
    @Test
    void knownAnswersForTheDevClusterNodeIds() {
        assertEquals("ef0de93b5d97e380e33df21f7fff94b8eb2d6417a86df97f17eb4399cc17c977"
                + "cd9cbc4d87eabdfbf11e4b878971b75c", HEX.formatHex(NodeIdentityPcr.extension("s1")));
        assertEquals("83ed254d94caace5a106e8e7bcda065c85ca1791804e092efc3cd61e04e137b0"
                + "f71f565494fe182c8e590d94e4a27872", NodeIdentityPcr.valueHex("s1"));
        assertEquals("bbba4bae6792f1b64409351ddc0d967617017d0925f76d5f56d187e27a6f0f08"
                + "e1bf49a58da9df0c7d261dcde376f6eb", NodeIdentityPcr.valueHex("s2"));
        assertEquals("8f28d33782929d92d7e93656398c8885603e26da85c83bb63e26bd3434c9b1b6"
                + "1c274b2b534fb6749e3d7748de64cf13", NodeIdentityPcr.valueHex("s3"));
    }

    @Test
    void theValueIsAZeroPcrExtendedOnce() {
        assertArrayEquals(NodeIdentityPcr.extend(new byte[48], NodeIdentityPcr.extension("node-7")),
                NodeIdentityPcr.value("node-7"));
        assertEquals(NodeIdentityPcr.BYTES, NodeIdentityPcr.value("node-7").length);
    }

    @Test
    void attestsComparesWithTheNodesValueOnly() {
        assertTrue(NodeIdentityPcr.attests(NodeIdentityPcr.value("s2"), "s2"));
        assertFalse(NodeIdentityPcr.attests(NodeIdentityPcr.value("s2"), "s3"));
        assertFalse(NodeIdentityPcr.attests(new byte[48], "s2"));
        assertFalse(NodeIdentityPcr.attests(null, "s2"));
        assertNotEquals(NodeIdentityPcr.valueHex("s1"), NodeIdentityPcr.valueHex("S1"));
    }

    @Test
    void invalidNodeIdsAreRefused() {
        for (String bad : new String[] {"", "s 1", "s.1", "s1\n", "x".repeat(65), "ü"}) {
            assertThrows(IllegalArgumentException.class, () -> NodeIdentityPcr.value(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> NodeIdentityPcr.requireNodeId(null));
        assertEquals("node_1-A", NodeIdentityPcr.requireNodeId("node_1-A"));
    }

    @Test
    void extendNeedsAWholePcr() {
        assertThrows(IllegalArgumentException.class, () -> NodeIdentityPcr.extend(new byte[32], new byte[1]));
    }
}

package io.custody.enclave.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DataKeyTest {

    @Test
    void copyOfCopiesAndCloseZeroes() {
        byte[] source = new byte[DataKey.LENGTH];
        Arrays.fill(source, (byte) 0x5a);
        DataKey key = DataKey.copyOf(source);
        byte[] live = key.bytes();
        assertArrayEquals(source, live);
        source[0] = 0;
        assertEquals((byte) 0x5a, key.bytes()[0], "the key must not alias the caller's array");

        key.close();
        assertArrayEquals(new byte[DataKey.LENGTH], live);
        assertFalse(key.isOpen());
        assertThrows(IllegalStateException.class, key::bytes);
        assertThrows(IllegalStateException.class, key::secretKeySpec);
        key.close();
    }

    @Test
    void refusesWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> DataKey.copyOf(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> DataKey.copyOf(new byte[33]));
        assertThrows(NullPointerException.class, () -> DataKey.copyOf(null));
    }

    @Test
    void toStringShowsNoKeyBytes() {
        byte[] bytes = new byte[DataKey.LENGTH];
        Arrays.fill(bytes, (byte) 0xab);
        try (DataKey key = DataKey.copyOf(bytes)) {
            String text = key.toString();
            assertFalse(text.toLowerCase().contains("abab"), text);
            assertFalse(text.contains(Arrays.toString(bytes)), text);
            assertTrue(text.startsWith("DataKey["), text);
        }
    }

    @Test
    void generatedKeysDiffer() {
        SecureRandom random = new SecureRandom();
        try (DataKey a = DataKey.generate(random); DataKey b = DataKey.generate(random)) {
            assertNotEquals(HexFormat.of().formatHex(a.bytes()), HexFormat.of().formatHex(b.bytes()));
            assertNotEquals(a, b);
        }
    }
}

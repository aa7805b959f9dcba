package io.custody.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RLP examples of the Ethereum wiki / yellow paper, appendix B. */
class RlpTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] s(String text) {
        return Rlp.bytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void strings() {
        assertEquals("83646f67", hex(s("dog")));
        assertEquals("80", hex(s("")));
        assertEquals("0f", hex(Rlp.bytes(new byte[] {0x0f})));
        assertEquals("8180", hex(Rlp.bytes(new byte[] {(byte) 0x80})));
        String lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
        assertEquals("b838" + hex(lorem.getBytes(StandardCharsets.US_ASCII)), hex(s(lorem)));
    }

    @Test
    void integers() {
        assertEquals("80", hex(Rlp.integer(0)));
        assertEquals("01", hex(Rlp.integer(1)));
        assertEquals("0f", hex(Rlp.integer(15)));
        assertEquals("820400", hex(Rlp.integer(1024)));
        assertEquals("81ff", hex(Rlp.integer(BigInteger.valueOf(255))));
        assertEquals("887fffffffffffffff", hex(Rlp.integer(Long.MAX_VALUE)));
    }

    @Test
    void lists() {
        assertEquals("c0", hex(Rlp.list(List.of())));
        assertEquals("c88363617483646f67", hex(Rlp.list(List.of(s("cat"), s("dog")))));
        // [ [], [[]], [ [], [[]] ] ]
        byte[] empty = Rlp.list(List.of());
        byte[] one = Rlp.list(List.of(empty));
        assertEquals("c7c0c1c0c3c0c1c0", hex(Rlp.list(List.of(empty, one, Rlp.list(List.of(empty, one))))));
    }
}

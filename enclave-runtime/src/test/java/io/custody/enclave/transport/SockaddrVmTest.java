package io.custody.enclave.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SockaddrVmTest {

    private static final SockaddrVm DISTINCT_BYTES = new SockaddrVm(0x01020304, 0x0A0B0C0D);

    @Test
    void encodesLittleEndianStructByteByByte() {
        byte[] expected = {
            40, 0, // svm_family = AF_VSOCK
            0, 0, // svm_reserved1
            0x0D, 0x0C, 0x0B, 0x0A, // svm_port
            0x04, 0x03, 0x02, 0x01, // svm_cid
            0, // svm_flags
            0, 0, 0 // svm_zero
        };

        assertArrayEquals(expected, DISTINCT_BYTES.encode(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void encodesBigEndianStructByteByByte() {
        byte[] expected = {
            0, 40, 0, 0, 0x0A, 0x0B, 0x0C, 0x0D, 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0
        };

        assertArrayEquals(expected, DISTINCT_BYTES.encode(ByteOrder.BIG_ENDIAN));
    }

    @Test
    void defaultEncodingUsesTheHostByteOrder() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "x86_64 and aarch64 hosts");

        assertArrayEquals(DISTINCT_BYTES.encode(ByteOrder.LITTLE_ENDIAN), DISTINCT_BYTES.encode());
    }

    @Test
    void wildcardsAreAllOnes() {
        byte[] expected = {
            40, 0, 0, 0,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            0, 0, 0, 0
        };

        byte[] encoded = new SockaddrVm(SockaddrVm.CID_ANY, SockaddrVm.PORT_ANY)
                .encode(ByteOrder.LITTLE_ENDIAN);

        assertArrayEquals(expected, encoded);
    }

    @Test
    void listeningOnMeansAnyContextId() {
        assertEquals(new SockaddrVm(SockaddrVm.CID_ANY, 5000), SockaddrVm.listeningOn(5000));
    }

    @Test
    void decodeReversesEncode() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            assertEquals(DISTINCT_BYTES, SockaddrVm.decode(DISTINCT_BYTES.encode(order), order));
        }
        SockaddrVm parent = new SockaddrVm(SockaddrVm.CID_HOST, 0xFFFF_FFF0);
        assertEquals(parent, SockaddrVm.decode(parent.encode()));
    }

    @Test
    void decodeRejectsWrongSizeOrFamily() {
        assertThrows(IllegalArgumentException.class, () -> SockaddrVm.decode(new byte[15]));

        byte[] unixFamily = DISTINCT_BYTES.encode(ByteOrder.LITTLE_ENDIAN);
        unixFamily[0] = 1;
        assertThrows(IllegalArgumentException.class,
                () -> SockaddrVm.decode(unixFamily, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void printsUnsignedNumbers() {
        assertEquals("vsock:any:5000", SockaddrVm.listeningOn(5000).toString());
        assertEquals("vsock:16:4294967280", new SockaddrVm(16, 0xFFFF_FFF0).toString());
    }
}

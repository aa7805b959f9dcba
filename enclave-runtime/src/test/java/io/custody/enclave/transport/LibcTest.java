package io.custody.enclave.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LibcTest {

    private static final int EBADF = 9;
    private static final int EAFNOSUPPORT = 97;

    @Test
    void errnoIsCapturedAndDescribed() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.close(-1));

        assertEquals(EBADF, e.errno());
        assertEquals("close() failed: errno 9 (Bad file descriptor)", e.getMessage());
    }

    @Test
    void unknownAddressFamilyIsRefusedWithItsErrno() {
        ErrnoException e =
                assertThrows(ErrnoException.class, () -> Libc.socket(12_345, Libc.SOCK_STREAM, 0));

        assertEquals(EAFNOSUPPORT, e.errno());
    }
}

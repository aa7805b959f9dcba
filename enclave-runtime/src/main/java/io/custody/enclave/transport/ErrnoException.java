package io.custody.enclave.transport;

import java.io.IOException;
import java.io.Serial;

/** A libc call returned -1; carries the call's name and the errno it left behind. */
final class ErrnoException extends IOException {

    @Serial private static final long serialVersionUID = 1L;

    private final int errno;

    ErrnoException(String call, int errno, String description) {
        super(call + "() failed: errno " + errno + " (" + description + ")");
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}

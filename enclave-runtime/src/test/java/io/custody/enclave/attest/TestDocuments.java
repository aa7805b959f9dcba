package io.custody.enclave.attest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

/** Fixed PCRs, a fixed clock and helpers shared by the attestation tests. */
final class TestDocuments {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] PCR0 = filled(0x10);
    static final byte[] PCR1 = filled(0x11);
    static final byte[] PCR2 = new byte[48];
    static final Map<Integer, byte[]> PCRS = Map.of(0, PCR0, 1, PCR1, 2, PCR2);

    private TestDocuments() {}

    static DevAttestor devAttestor() {
        return new DevAttestor(DevRoot.instance(), PCRS, CLOCK);
    }

    static VerificationPolicy.Builder devPolicy() {
        return VerificationPolicy.builder().enableInsecureDevMode().allowPcr(0, PCR0).clock(CLOCK);
    }

    static Clock clockAt(Duration offset) {
        return Clock.fixed(NOW.plus(offset), ZoneOffset.UTC);
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[48];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** The index of the first occurrence of {@code needle} in {@code haystack}. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("needle not found");
    }
}

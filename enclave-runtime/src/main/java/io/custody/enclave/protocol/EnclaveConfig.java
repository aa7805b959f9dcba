package io.custody.enclave.protocol;

import io.custody.proto.enclave.wire.FrameCodec;
import java.time.Duration;
import java.util.List;

/**
 * How an enclave runs. Deliberately small: everything that decides trust (the measurement, the
 * roots) is compiled in or measured, not configured, except the explicit dev-mode switch.
 *
 * @param devMode         sign attestations with the public dev root and trust it in peers
 * @param sessionCap      concurrent sessions at most
 * @param sessionTimeout  the longest a session may live, whatever its request asks
 * @param shareCacheSize  opened shares kept in memory at most (LRU, zeroed on eviction)
 * @param attestationMaxAge how old a peer's attestation may be
 * @param extraAllowedPcr0 PCR0 values of other builds accepted from peers (rolling upgrades);
 *                        this enclave's own PCR0 is always accepted
 * @param maxFrameBytes   frame size cap, checked before decoding
 */
public record EnclaveConfig(boolean devMode, int sessionCap, Duration sessionTimeout, int shareCacheSize,
                            Duration attestationMaxAge, List<byte[]> extraAllowedPcr0, int maxFrameBytes) {
    public static final int DEFAULT_SESSION_CAP = 64;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_SHARE_CACHE = 1024;
    public static final Duration DEFAULT_ATTESTATION_MAX_AGE = Duration.ofHours(1);

    public EnclaveConfig {
        if (sessionCap < 1 || shareCacheSize < 1 || maxFrameBytes < 1024) {
            throw new IllegalArgumentException("session cap and share cache must be >= 1, frame cap >= 1024");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || attestationMaxAge.isNegative()
                || attestationMaxAge.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        extraAllowedPcr0 = extraAllowedPcr0.stream().map(byte[]::clone).toList();
    }

    public static EnclaveConfig defaults(boolean devMode) {
        return new EnclaveConfig(devMode, DEFAULT_SESSION_CAP, DEFAULT_SESSION_TIMEOUT, DEFAULT_SHARE_CACHE,
                DEFAULT_ATTESTATION_MAX_AGE, List.of(), FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    }
}

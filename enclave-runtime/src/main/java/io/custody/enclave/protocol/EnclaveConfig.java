package io.custody.enclave.protocol;

import io.custody.enclave.attest.AcceptedBuilds;
import io.custody.proto.enclave.NodeIdentityPcr;
import java.time.Duration;
import java.util.Objects;

/**
 * How an enclave runs. Deliberately small: everything that decides trust (the measurements, the
 * roots, the node identity) is measured or fixed at boot, not taken from requests.
 *
 * @param devMode         sign attestations with the public dev root and trust it in peers
 * @param nodeId          the signer node this enclave serves, from {@code --node-id}: attested in
 *                        PCR16, the only node whose shares it seals and opens
 * @param sessionCap      concurrent sessions at most
 * @param sessionTimeout  the longest a session may live, whatever its request asks
 * @param shareCacheSize  opened shares kept in memory at most (LRU, zeroed on eviction)
 * @param attestationMaxAge how old a peer's attestation may be
 * @param peerBuilds      the builds accepted from peers (Nitro: the expected images' PCR0/1/2;
 *                        dev: this build's PCR0 and any {@code --allow-pcr0})
 * @param maxFrameBytes   frame size cap, checked before decoding
 */
public record EnclaveConfig(boolean devMode, String nodeId, int sessionCap, Duration sessionTimeout,
                            int shareCacheSize, Duration attestationMaxAge, AcceptedBuilds peerBuilds,
                            int maxFrameBytes) {
    public static final int DEFAULT_SESSION_CAP = 64;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_SHARE_CACHE = 1024;
    public static final Duration DEFAULT_ATTESTATION_MAX_AGE = Duration.ofHours(1);

    public EnclaveConfig {
        NodeIdentityPcr.requireNodeId(nodeId);
        Objects.requireNonNull(peerBuilds, "peerBuilds");
        if (sessionCap < 1 || shareCacheSize < 1 || maxFrameBytes < 1024) {
            throw new IllegalArgumentException("session cap and share cache must be >= 1, frame cap >= 1024");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || attestationMaxAge.isNegative()
                || attestationMaxAge.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}

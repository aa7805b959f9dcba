package io.custody.enclave.attest;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an {@link AttestationVerifier} accepts.
 *
 * @param trustedRootSha256 lower-case hex SHA-256 fingerprints of the DER of accepted roots
 *     ({@code cabundle[0]} must be one of them)
 * @param devModeEnabled whether the DEV root is accepted too; it gives no security, since its
 *     private key is public knowledge
 * @param allowedPcrs PCR index to the lower-case hex values allowed there; every listed index
 *     must be present in the document with one of its values. Never empty: a policy that pins no
 *     PCR would accept any code.
 * @param maxAge how old a document's timestamp may be
 * @param clockSkew how far in the future a document's timestamp may be
 * @param clock the time freshness and certificate validity are judged against
 */
public record VerificationPolicy(
        Set<String> trustedRootSha256,
        boolean devModeEnabled,
        Map<Integer, Set<String>> allowedPcrs,
        Duration maxAge,
        Duration clockSkew,
        Clock clock) {

    /**
     * SHA-256 of the DER of the AWS Nitro Enclaves Root G1 ({@code CN=aws.nitro-enclaves},
     * valid 2019-10-28 to 2049-10-28), as published in AWS's "Verifying the root of trust".
     */
    public static final String AWS_NITRO_ROOT_G1_SHA256 =
            "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b";

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int PCR_BYTES = 48;
    private static final Pattern PCR_HEX = Pattern.compile("[0-9a-f]{" + 2 * PCR_BYTES + "}");

    public VerificationPolicy {
        trustedRootSha256 = Set.copyOf(trustedRootSha256);
        for (String fingerprint : trustedRootSha256) {
            if (!SHA256_HEX.matcher(fingerprint).matches()) {
                throw new IllegalArgumentException(
                        "a trusted root fingerprint must be 64 lower-case hex digits");
            }
        }
        if (trustedRootSha256.isEmpty() && !devModeEnabled) {
            throw new IllegalArgumentException("policy trusts no root");
        }
        TreeMap<Integer, Set<String>> pcrs = new TreeMap<>();
        allowedPcrs.forEach((index, values) -> pcrs.put(index, Set.copyOf(values)));
        if (pcrs.isEmpty()) {
            throw new IllegalArgumentException("policy must pin at least one PCR");
        }
        pcrs.forEach(VerificationPolicy::checkPcrEntry);
        allowedPcrs = Collections.unmodifiableSortedMap(pcrs);
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
    }

    /** A policy that trusts the AWS Nitro Enclaves Root G1 and nothing else, until told more. */
    public static Builder production() {
        return new Builder().trustRoot(AWS_NITRO_ROOT_G1_SHA256);
    }

    /** A policy that trusts no root until told; add roots or enable dev mode. */
    public static Builder builder() {
        return new Builder();
    }

    private static void checkPcrEntry(Integer index, Set<String> values) {
        if (index == null || index < 0 || index > 31) {
            throw new IllegalArgumentException("PCR index must be 0..31, got " + index);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("PCR" + index + " is pinned to no value");
        }
        for (String value : values) {
            if (!PCR_HEX.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        "PCR" + index + " values must be " + PCR_BYTES + " bytes as lower-case hex");
            }
        }
    }

    /** Builds a {@link VerificationPolicy}; defaults: no PCRs, 5 minutes max age, 30 s skew. */
    public static final class Builder {
        private final Set<String> roots = new HashSet<>();
        private final Map<Integer, Set<String>> pcrs = new TreeMap<>();
        private boolean devMode;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Trusts a root by the SHA-256 of its DER (hex, any case). */
        public Builder trustRoot(String sha256Hex) {
            roots.add(sha256Hex.toLowerCase(Locale.ROOT));
            return this;
        }

        /** Also accepts the DEV root. Insecure: for developer machines and tests only. */
        public Builder enableInsecureDevMode() {
            devMode = true;
            return this;
        }

        /** Adds {@code value} to the values allowed at PCR {@code index}. */
        public Builder allowPcr(int index, byte[] value) {
            pcrs.computeIfAbsent(index, i -> new HashSet<>()).add(HexFormat.of().formatHex(value));
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public VerificationPolicy build() {
            return new VerificationPolicy(roots, devMode, pcrs, maxAge, clockSkew, clock);
        }
    }
}

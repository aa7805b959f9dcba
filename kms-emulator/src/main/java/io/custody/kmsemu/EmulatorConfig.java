package io.custody.kmsemu;

import io.custody.kmsemu.auth.Credential;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a {@link KmsEmulator}.
 *
 * @param host address to bind, normally {@code 127.0.0.1}
 * @param port TCP port, 0 for an ephemeral one
 * @param stateFile where keys persist; empty keeps them in memory only
 * @param region the region SigV4 scopes and key ARNs use
 * @param account the 12-digit account that owns the keys
 * @param credentials the callers that may sign requests
 * @param devAttestation whether Recipient documents from the insecure DEV root are trusted
 * @param attestationMaxAge how old a Recipient document may be
 * @param clock time for SigV4 and attestation freshness
 */
public record EmulatorConfig(
        String host,
        int port,
        Optional<Path> stateFile,
        String region,
        String account,
        List<Credential> credentials,
        boolean devAttestation,
        Duration attestationMaxAge,
        Clock clock) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "111122223333";

    public EmulatorConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        Objects.requireNonNull(stateFile, "stateFile");
        Objects.requireNonNull(region, "region");
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException("not a region name: " + region);
        }
        Objects.requireNonNull(account, "account");
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("account must be 12 digits");
        }
        credentials = List.copyOf(credentials);
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("at least one credential is required");
        }
        Objects.requireNonNull(attestationMaxAge, "attestationMaxAge");
        Objects.requireNonNull(clock, "clock");
    }

    /** Loopback, ephemeral port, in memory, us-east-1, account 111122223333, dev attestation off. */
    public static EmulatorConfig inMemory(List<Credential> credentials) {
        return new EmulatorConfig("127.0.0.1", 0, Optional.empty(), DEFAULT_REGION, DEFAULT_ACCOUNT,
                credentials, false, Duration.ofMinutes(5), Clock.systemUTC());
    }

    public EmulatorConfig withStateFile(Path file) {
        return new EmulatorConfig(host, port, Optional.of(file), region, account, credentials, devAttestation,
                attestationMaxAge, clock);
    }

    public EmulatorConfig withDevAttestation(boolean enabled) {
        return new EmulatorConfig(host, port, stateFile, region, account, credentials, enabled,
                attestationMaxAge, clock);
    }
}

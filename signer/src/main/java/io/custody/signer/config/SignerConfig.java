package io.custody.signer.config;

import io.custody.signer.nats.Subjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signer node's settings. Flags: {@code --node-id ID --nats-url URL [--nats-seed-file PATH]
 * --enclave-socket PATH [--max-sessions N] [--phase-timeout-ms N] [--proposal-timeout-ms N]
 * [--kms-endpoint URL --kms-region R] [--db-url JDBC-URL --db-user ROLE --db-password-file PATH]}. With
 * {@code --db-url} the node keeps its shares in the Postgres share store (as its own role) and
 * reopens them at start; that needs {@code --kms-endpoint} too. AWS credentials come from the
 * SDK's default chain (e.g. {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}).
 */
public record SignerConfig(String nodeId, String natsUrl, Optional<Path> natsSeedFile, Path enclaveSocket,
                           int maxSessions, Duration phaseTimeout, Duration proposalTimeout,
                           Optional<String> kmsEndpoint, String kmsRegion, Optional<Database> database) {

    /** The node's share store: a JDBC URL, its own login role, a file holding the role's password. */
    public record Database(String url, String user, Path passwordFile) {
        public Database {
            Objects.requireNonNull(url, "--db-url");
            Objects.requireNonNull(user, "--db-user");
            Objects.requireNonNull(passwordFile, "--db-password-file");
        }
    }

    /** Without a share store. */
    public SignerConfig(String nodeId, String natsUrl, Optional<Path> natsSeedFile, Path enclaveSocket,
                        int maxSessions, Duration phaseTimeout, Duration proposalTimeout,
                        Optional<String> kmsEndpoint, String kmsRegion) {
        this(nodeId, natsUrl, natsSeedFile, enclaveSocket, maxSessions, phaseTimeout, proposalTimeout, kmsEndpoint,
                kmsRegion, Optional.empty());
    }

    public static final int DEFAULT_MAX_SESSIONS = 16;
    public static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PROPOSAL_TIMEOUT = Duration.ofSeconds(2);

    public SignerConfig {
        Subjects.requireNodeId(nodeId);
        Objects.requireNonNull(natsUrl, "--nats-url");
        Objects.requireNonNull(enclaveSocket, "--enclave-socket");
        if (maxSessions < 1 || maxSessions > 64) {
            throw new IllegalArgumentException("--max-sessions must be in 1..64 (the enclave's default cap)");
        }
        Objects.requireNonNull(database, "database");
        if (database.isPresent() && kmsEndpoint.isEmpty()) {
            throw new IllegalArgumentException("--db-url needs --kms-endpoint (stored shares reopen through KMS)");
        }
    }

    /** Defaults for everything optional. */
    public static SignerConfig of(String nodeId, String natsUrl, Path enclaveSocket, int maxSessions) {
        return new SignerConfig(nodeId, natsUrl, Optional.empty(), enclaveSocket, maxSessions, DEFAULT_PHASE_TIMEOUT,
                DEFAULT_PROPOSAL_TIMEOUT, Optional.empty(), "us-east-1");
    }

    public static SignerConfig parse(String... args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value, got " + args[i]);
            }
            if (flags.put(args[i], args[++i]) != null) {
                throw new IllegalArgumentException("flag given twice: " + args[i - 1]);
            }
        }
        SignerConfig config = new SignerConfig(
                required(flags, "--node-id"),
                required(flags, "--nats-url"),
                Optional.ofNullable(flags.remove("--nats-seed-file")).map(Path::of),
                Path.of(required(flags, "--enclave-socket")),
                Integer.parseInt(flags.getOrDefault("--max-sessions", String.valueOf(DEFAULT_MAX_SESSIONS))),
                millis(flags.remove("--phase-timeout-ms"), DEFAULT_PHASE_TIMEOUT),
                millis(flags.remove("--proposal-timeout-ms"), DEFAULT_PROPOSAL_TIMEOUT),
                Optional.ofNullable(flags.remove("--kms-endpoint")),
                Optional.ofNullable(flags.remove("--kms-region")).orElse("us-east-1"),
                database(flags));
        flags.remove("--max-sessions");
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown flags: " + flags.keySet());
        }
        return config;
    }

    private static Optional<Database> database(Map<String, String> flags) {
        String url = flags.remove("--db-url");
        String user = flags.remove("--db-user");
        String passwordFile = flags.remove("--db-password-file");
        if (url == null && user == null && passwordFile == null) {
            return Optional.empty();
        }
        if (url == null || user == null || passwordFile == null) {
            throw new IllegalArgumentException("--db-url, --db-user and --db-password-file go together");
        }
        return Optional.of(new Database(url, user, Path.of(passwordFile)));
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.remove(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static Duration millis(String value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(Long.parseLong(value));
    }
}

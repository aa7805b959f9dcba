package io.custody.control.config;

import io.custody.control.auth.OperatorKeys;
import io.custody.control.wallet.WalletSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the control plane needs besides its transports (the NATS connection and the gRPC
 * server builder, which the caller makes: a TLS Netty server in production, in-process in tests).
 *
 * @param signDeadline how long a sign job may wait; shorter than JetStream's 10-minute duplicate
 *     window, so a job re-driven after the window has passed its deadline and nodes refuse it
 * @param maxDbConnections the JDBC pool's size
 * @param dbUser the runtime role (never the schema owner: {@code store.ServingRole})
 * @param anchoring where the audit chain head is anchored; empty: not anchored (development)
 */
public record ControlPlaneSettings(String dbUrl, String dbUser, char[] dbPassword, int maxDbConnections,
        WalletSettings wallets, OperatorKeys operatorKeys, Duration signDeadline, Duration redriveInterval,
        Optional<AnchorSettings> anchoring) {

    /** Without anchoring. */
    public ControlPlaneSettings(String dbUrl, String dbUser, char[] dbPassword, int maxDbConnections,
            WalletSettings wallets, OperatorKeys operatorKeys, Duration signDeadline, Duration redriveInterval) {
        this(dbUrl, dbUser, dbPassword, maxDbConnections, wallets, operatorKeys, signDeadline, redriveInterval,
                Optional.empty());
    }

    public static final Duration DEFAULT_SIGN_DEADLINE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_OPERATION_DEADLINE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REDRIVE_INTERVAL = Duration.ofSeconds(5);

    public ControlPlaneSettings {
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
        dbPassword = dbPassword.clone();
        Objects.requireNonNull(wallets, "wallets");
        Objects.requireNonNull(operatorKeys, "operatorKeys");
        Objects.requireNonNull(anchoring, "anchoring");
        if (signDeadline.compareTo(Duration.ofMinutes(10)) >= 0) {
            throw new IllegalArgumentException("the sign deadline must be shorter than the 10-minute duplicate window");
        }
    }

    /** The same settings, anchoring the audit chain as {@code anchor} says. */
    public ControlPlaneSettings withAnchoring(AnchorSettings anchor) {
        return new ControlPlaneSettings(dbUrl, dbUser, dbPassword, maxDbConnections, wallets, operatorKeys,
                signDeadline, redriveInterval, Optional.of(anchor));
    }

    @Override
    public char[] dbPassword() {
        return dbPassword.clone();
    }

    @Override
    public String toString() {
        return "ControlPlaneSettings[db=" + dbUrl + " as " + dbUser + ", " + wallets + ", "
                + anchoring.map(AnchorSettings::toString).orElse("no anchoring") + "]";
    }
}

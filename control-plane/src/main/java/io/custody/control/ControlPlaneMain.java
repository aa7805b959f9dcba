package io.custody.control;

import io.custody.control.auth.OperatorKeys;
import io.custody.control.anchor.AnchorLog;
import io.custody.control.config.AnchorSettings;
import io.custody.control.config.ControlPlaneSettings;
import io.custody.control.wallet.WalletSettings;
import io.custody.proto.nats.NatsSubjects;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** {@code control-plane}: runs the control plane until it is stopped (SIGTERM: orderly shutdown). */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "The Custody control plane: gRPC API (custody.v1, custody.admin.v1), request state machine, "
                + "Postgres store, audit log; publishes jobs to the signer nodes over NATS.")
public final class ControlPlaneMain implements Callable<Integer> {

    @Option(names = "--grpc-host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String grpcHost;

    @Option(names = "--grpc-port", required = true, description = "Port of the gRPC server.")
    int grpcPort;

    @Option(names = "--tls-cert", description = "Server certificate chain (PEM).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "Server private key (PEM, PKCS#8).")
    Path tlsKey;

    @Option(names = "--client-ca", description = "CA certificates (PEM) that client certificates must chain to; "
            + "client certificates are then required.")
    Path clientCa;

    @Option(names = "--insecure-plaintext", description = "Serve without TLS (development only).")
    boolean insecurePlaintext;

    @Option(names = "--db-url", required = true, description = "JDBC URL of the control plane's database.")
    String dbUrl;

    @Option(names = "--db-user", required = true, description = "The runtime database role (not the schema owner: the control plane refuses to serve as a role that could rewrite the audit log; migrate first with io.custody.control.MigrateMain).")
    String dbUser;

    @Option(names = "--db-password-file", required = true, description = "File holding the database password.")
    Path dbPasswordFile;

    @Option(names = "--db-max-connections", defaultValue = "16", description = "JDBC pool size (default: ${DEFAULT-VALUE}).")
    int dbMaxConnections;

    @Option(names = "--nats-url", required = true, description = "nats://host:port of nats-server.")
    String natsUrl;

    @Option(names = "--nats-user", defaultValue = "control-1",
            description = "This instance's NATS user in account CONTROL (default: ${DEFAULT-VALUE}).")
    String natsUser;

    @Option(names = "--nats-seed-file", description = "NKey seed of the NATS user (custodyctl nats-config: nkeys/<user>.nk).")
    Path natsSeedFile;

    @Option(names = "--nodes", required = true, split = ",", description = "The signer nodes, in party order (s1,s2,...).")
    List<String> nodes;

    @Option(names = "--threshold", defaultValue = "3", description = "t: how many nodes sign together (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--kms-key-id", required = true, description = "KMS key whose data keys seal new shares.")
    String kmsKeyId;

    @Option(names = "--admin-key-file", required = true,
            description = "The bootstrap operator public key (PEM or DER SubjectPublicKeyInfo; Ed25519 or P-256).")
    Path adminKeyFile;

    @Option(names = "--sign-deadline", defaultValue = "PT5M", description = "How long a sign job may wait (ISO-8601, default: ${DEFAULT-VALUE}; under 10 minutes).")
    Duration signDeadline;

    @Option(names = "--operation-deadline", defaultValue = "PT5M", description = "How long a DKG or refresh may take (default: ${DEFAULT-VALUE}).")
    Duration operationDeadline;

    @Option(names = "--anchor-bucket", description = "Anchor the audit chain head in this S3 bucket (Object Lock with a"
            + " COMPLIANCE default retention; the control plane refuses another). Credentials: the AWS default chain"
            + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role). Without it: no anchoring.")
    String anchorBucket;

    @Option(names = "--anchor-prefix", defaultValue = AnchorLog.DEFAULT_PREFIX,
            description = "Folder of the anchor objects (default: ${DEFAULT-VALUE}).")
    String anchorPrefix;

    @Option(names = "--anchor-endpoint", description = "An S3-compatible endpoint instead of AWS's (e.g. moto_server).")
    URI anchorEndpoint;

    @Option(names = "--anchor-region", defaultValue = "us-east-1", description = "The bucket's region (default: ${DEFAULT-VALUE}).")
    String anchorRegion;

    @Option(names = "--anchor-interval", defaultValue = "PT30S",
            description = "How often the head is anchored when it moved, and at shutdown (default: ${DEFAULT-VALUE}).")
    Duration anchorInterval;

    @Option(names = "--anchor-min-retention-days", defaultValue = "365",
            description = "Refuse a bucket whose default COMPLIANCE retention is shorter (default: ${DEFAULT-VALUE}).")
    int anchorMinRetentionDays;

    @Option(names = "--control-plane-id", description = "This instance's name in its anchors (default: the NATS user).")
    String controlPlaneId;

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(new CommandLine(new ControlPlaneMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServerCredentials credentials = credentials();
        char[] password = Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip().toCharArray();
        ControlPlaneSettings settings = new ControlPlaneSettings(dbUrl, dbUser, password, dbMaxConnections,
                new WalletSettings(nodes, threshold, kmsKeyId, operationDeadline), OperatorKeys.fromFile(adminKeyFile),
                signDeadline, ControlPlaneSettings.DEFAULT_REDRIVE_INTERVAL);
        Arrays.fill(password, '\0');
        if (anchorBucket != null) {
            settings = settings.withAnchoring(new AnchorSettings(anchorBucket, anchorPrefix, Optional.ofNullable(anchorEndpoint),
                    anchorRegion, anchorInterval, Duration.ofDays(anchorMinRetentionDays),
                    controlPlaneId != null ? controlPlaneId : natsUser, DefaultCredentialsProvider.builder().build()));
        }
        Options.Builder options = Options.builder().server(natsUrl).connectionName(natsUser)
                .inboxPrefix(NatsSubjects.inboxPrefix(natsUser)).maxReconnects(-1);
        if (natsSeedFile != null) {
            options.authHandler(Nats.staticCredentials(null,
                    Files.readString(natsSeedFile, StandardCharsets.US_ASCII).strip().toCharArray()));
        }
        try (Connection nats = Nats.connect(options.build());
                ControlPlane plane = ControlPlane.start(settings,
                        nats, serverBuilder(grpcHost, grpcPort, credentials), Clock.systemUTC())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    plane.close();
                } catch (Exception e) {
                    System.err.println("control-plane: shutdown: " + e);
                }
            }));
            System.out.println("control-plane listening on " + grpcHost + ":" + plane.server().getPort()
                    + (insecurePlaintext ? " (PLAINTEXT, development only)" : " (TLS"
                            + (clientCa != null ? ", client certificates required)" : ")")));
            plane.awaitTermination();
        }
        return 0;
    }

    private ServerCredentials credentials() throws IOException {
        if (insecurePlaintext) {
            if (tlsCert != null || tlsKey != null || clientCa != null) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--insecure-plaintext excludes --tls-cert, --tls-key and --client-ca");
            }
            return InsecureServerCredentials.create();
        }
        if (tlsCert == null || tlsKey == null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "TLS needs --tls-cert and --tls-key (or --insecure-plaintext for development)");
        }
        return tlsCredentials(tlsCert, tlsKey, clientCa);
    }

    /**
     * The server's TLS credentials: {@code certChain} and {@code privateKey} (PEM, PKCS#8); with
     * {@code clientCa} (PEM, may be null) client certificates chaining to it are required (mTLS).
     */
    public static ServerCredentials tlsCredentials(Path certChain, Path privateKey, Path clientCa) throws IOException {
        TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(certChain.toFile(),
                privateKey.toFile());
        if (clientCa != null) {
            tls.trustManager(clientCa.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return tls.build();
    }

    /** The Netty server builder the process serves on ({@code port} 0: any free port). */
    public static NettyServerBuilder serverBuilder(String host, int port, ServerCredentials credentials) {
        return NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials);
    }
}

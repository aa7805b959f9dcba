package io.custody.control.anchor;

import io.custody.control.s3.LockedBucket;
import io.custody.control.s3.S3Clients;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code audit-outside}: run by an auditor, not on the control plane's host ({@link OutsideAudit}).
 * Reads the log through AdminService.ListAuditEvents and the anchors with the auditor's own AWS
 * credentials (read-only: {@code AnchorPolicyMain --for AUDITOR}). Exit 0 valid, 4 not valid.
 */
@Command(name = "audit-outside", mixinStandardHelpOptions = true,
        description = "Checks the control plane's audit log from outside its host: every hash and link recomputed from"
                + " ListAuditEvents, every anchor (oldest version) read from the bucket with your own credentials.")
public final class AuditorMain implements Callable<Integer> {

    static final int EXIT_NOT_VALID = 4;

    @Option(names = "--target", required = true, description = "The control plane's gRPC endpoint, HOST:PORT.")
    String target;

    @Option(names = "--ca-cert", description = "CA of the server certificate (PEM); without it: plaintext.")
    Path caCert;

    @Option(names = "--client-cert", description = "Client certificate (PEM) for mTLS.")
    Path clientCert;

    @Option(names = "--client-key", description = "Client private key (PEM, PKCS#8) for mTLS.")
    Path clientKey;

    @Option(names = "--anchor-bucket", required = true, description = "The anchor bucket.")
    String bucket;

    @Option(names = "--anchor-prefix", defaultValue = AnchorLog.DEFAULT_PREFIX, description = "Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--anchor-endpoint", description = "An S3-compatible endpoint instead of AWS's.")
    URI endpoint;

    @Option(names = "--anchor-region", defaultValue = "us-east-1", description = "Default: ${DEFAULT-VALUE}.")
    String region;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder(target, credentials()).build();
        try (S3Client s3 = S3Clients.create(Optional.ofNullable(endpoint), region,
                DefaultCredentialsProvider.builder().build())) {
            OutsideAudit.Finding finding = new OutsideAudit(AdminServiceGrpc.newBlockingStub(channel),
                    new AnchorLog(new LockedBucket(s3, bucket), prefix)).run();
            System.out.println("audit chain  " + (finding.valid() ? "VALID" : "NOT VALID") + " (checked outside the"
                    + " control plane)");
            System.out.println("events       " + finding.events());
            System.out.println("anchors      " + finding.anchorsChecked() + " checked, newest anchored event "
                    + finding.lastAnchoredSequence());
            if (!finding.valid()) {
                System.out.println("problem      " + finding.problem());
            }
            return finding.valid() ? 0 : EXIT_NOT_VALID;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private ChannelCredentials credentials() throws java.io.IOException {
        if (caCert == null) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(caCert.toFile());
        if (clientCert != null && clientKey != null) {
            tls.keyManager(clientCert.toFile(), clientKey.toFile());
        }
        return tls.build();
    }
}

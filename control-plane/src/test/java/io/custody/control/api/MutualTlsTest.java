package io.custody.control.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.control.ControlPlaneMain;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mTLS path of {@link ControlPlaneMain} ({@code --tls-cert --tls-key --client-ca}): its own
 * credentials and Netty server builder, serving the health service behind {@link CallerIdentity}
 * (no Postgres or NATS needed), against a throwaway CA.
 */
class MutualTlsTest {
    private static final String CLIENT_CN = "c-mtls-test";

    @TempDir
    static Path dir;
    private static Server server;
    private static final AtomicReference<String> seenCaller = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        Pki ca = Pki.ca("Custody Test CA");
        ca.write(dir, "ca");
        ca.issue("127.0.0.1", true).write(dir, "server");
        ca.issue(CLIENT_CN, false).write(dir, "client");
        Pki.ca("Other CA").issue(CLIENT_CN, false).write(dir, "stranger");

        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("", ServingStatus.SERVING);
        ServerInterceptor recordCaller = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                    ServerCallHandler<Q, A> next) {
                seenCaller.set(CallerIdentity.current().orElse(null));
                return next.startCall(call, headers);
            }
        };
        server = ControlPlaneMain.serverBuilder("127.0.0.1", 0, ControlPlaneMain.tlsCredentials(
                        dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt")))
                .addService(ServerInterceptors.intercept(health.getHealthService(), recordCaller, new CallerIdentity()))
                .build().start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientCertificateFromTheCaIsServedAndNamesTheCaller() throws IOException {
        ServingStatus status = check(TlsChannelCredentials.newBuilder().trustManager(dir.resolve("ca.crt").toFile())
                .keyManager(dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile()).build());
        assertEquals(ServingStatus.SERVING, status);
        assertEquals(CLIENT_CN, seenCaller.get());
    }

    @Test
    void noClientCertificateFailsTheHandshake() throws IOException {
        assertUnavailable(TlsChannelCredentials.newBuilder().trustManager(dir.resolve("ca.crt").toFile()).build());
    }

    @Test
    void clientCertificateFromAnotherCaFailsTheHandshake() throws IOException {
        assertUnavailable(TlsChannelCredentials.newBuilder().trustManager(dir.resolve("ca.crt").toFile())
                .keyManager(dir.resolve("stranger.crt").toFile(), dir.resolve("stranger.key").toFile()).build());
    }

    @Test
    void plaintextToTheTlsPortFails() {
        assertUnavailable(InsecureChannelCredentials.create());
    }

    private static void assertUnavailable(ChannelCredentials credentials) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(credentials));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e::toString);
    }

    private static ServingStatus check(ChannelCredentials credentials) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(), credentials).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    /** A P-256 key pair and its certificate, signed by {@code issuer} (self-signed for a CA). */
    private record Pki(KeyPair keys, X509Certificate certificate) {
        static Pki ca(String name) throws Exception {
            KeyPair keys = p256();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = builder(subject, subject, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Pki(keys, sign(builder, keys.getPrivate()));
        }

        Pki issue(String cn, boolean server) throws Exception {
            KeyPair leaf = p256();
            X509v3CertificateBuilder builder = builder(
                    new X500Name(certificate.getSubjectX500Principal().getName()), new X500Name("CN=" + cn), leaf)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new Pki(leaf, sign(builder, keys.getPrivate()));
        }

        /** {@code <name>.crt} (PEM certificate) and {@code <name>.key} (PEM, PKCS#8). */
        void write(Path dir, String name) throws Exception {
            Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        }

        private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
            Instant now = Instant.now();
            return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject,
                    keys.getPublic());
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        }

        private static KeyPair p256() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }
}

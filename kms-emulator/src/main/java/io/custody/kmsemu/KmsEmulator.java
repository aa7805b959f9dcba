package io.custody.kmsemu;

import com.sun.net.httpserver.HttpServer;
import io.custody.kmsemu.api.KmsHttpHandler;
import io.custody.kmsemu.attest.RecipientVerifier;
import io.custody.kmsemu.auth.SigV4Authenticator;
import io.custody.kmsemu.key.KeyRepository;
import io.custody.kmsemu.key.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running KMS emulator, embeddable in tests:
 *
 * <pre>{@code
 * try (KmsEmulator kms = KmsEmulator.start(EmulatorConfig.inMemory(credentials))) {
 *     KmsClient client = KmsClient.builder().endpointOverride(kms.endpoint())...;
 * }
 * }</pre>
 *
 * DEV/TEST ONLY: key material sits in a plain file and the DEV attestation root can be trusted.
 */
public final class KmsEmulator implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private KmsEmulator(HttpServer server, ExecutorService executor, URI endpoint) {
        this.server = server;
        this.executor = executor;
        this.endpoint = endpoint;
    }

    public static KmsEmulator start(EmulatorConfig config) {
        KeyRepository keys = new KeyRepository(config.stateFile().map(StateFile::new), config.region(), config.account());
        SigV4Authenticator authenticator =
                new SigV4Authenticator(config.credentials(), config.region(), "kms", config.clock());
        RecipientVerifier recipients =
                new RecipientVerifier(config.devAttestation(), config.attestationMaxAge(), config.clock());
        KmsHttpHandler handler = new KmsHttpHandler(authenticator, keys, recipients, config.account(),
                new SecureRandom(), config.clock());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            InetSocketAddress bound = server.getAddress();
            String host = bound.getAddress().getHostAddress();
            URI endpoint = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
            return new KmsEmulator(server, executor, endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + config.host() + ":" + config.port(), e);
        }
    }

    /** The URL to give the SDK as {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    @Override
    public String toString() {
        return "KmsEmulator[" + endpoint + "]";
    }
}

package io.custody.kmsemu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The same plain client code ({@link PlainKmsUsage}) against {@code moto_server}, so what passes
 * against our emulator is ordinary KMS usage and not tuned to it. Skipped, saying why, when
 * {@code moto_server} is not on the PATH.
 */
class MotoComparisonTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private static Process moto;
    private static URI endpoint;

    @BeforeAll
    static void startMoto() throws Exception {
        Optional<Path> executable = onPath("moto_server");
        assumeTrue(executable.isPresent(), "moto_server is not on PATH; skipping the moto comparison");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder(executable.get().toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        awaitListening(port);
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.destroy();
            if (!moto.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                moto.destroyForcibly();
            }
        }
    }

    @Test
    void plainUsageRunsAgainstMoto() {
        try (KmsClient kms = KmsClients.client(endpoint, "testing", "testing")) {
            String keyId = PlainKmsUsage.createKey(kms);
            PlainKmsUsage.encryptDecryptRoundTrip(kms, keyId);
            PlainKmsUsage.generateDataKeyRoundTrip(kms, keyId);
            PlainKmsUsage.contextMismatchIsInvalidCiphertext(kms, keyId);
        }
    }

    @Test
    void samePlainUsageRunsAgainstTheEmulator() {
        try (KmsEmulator emulator = KmsEmulator.start(EmulatorConfig.inMemory(List.of(KmsClients.ROOT)));
                KmsClient kms = KmsClients.client(emulator.endpoint(), KmsClients.ROOT)) {
            String keyId = PlainKmsUsage.createKey(kms);
            PlainKmsUsage.encryptDecryptRoundTrip(kms, keyId);
            PlainKmsUsage.generateDataKeyRoundTrip(kms, keyId);
            PlainKmsUsage.contextMismatchIsInvalidCiphertext(kms, keyId);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        Stream<String> directories = Stream.concat(
                path == null ? Stream.empty() : Stream.of(path.split(java.io.File.pathSeparator)),
                Stream.of("/root/.pyenv/shims"));
        return directories.map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    private static void awaitListening(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!moto.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + moto.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("moto_server did not listen on " + port + " within " + STARTUP);
    }
}

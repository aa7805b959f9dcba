package io.custody.enclave.process;

import io.custody.enclave.transport.UnixSocketTransport;
import io.custody.proto.enclave.wire.FrameCodec;
import io.custody.proto.enclave.v1.Frame;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One enclave-runtime process ({@code io.custody.enclave.Main --dev --node-id ID}) on a Unix
 * socket, started from the test classpath, and a client connection to it. Its output goes to a log
 * file under {@code target/enclave-logs/}.
 */
public final class EnclaveProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final Path socket;
    private final Path log;
    private final UnixSocketTransport transport;
    private io.custody.enclave.transport.EnclaveConnection connection;
    private FrameCodec codec;
    private long nextRequestId = 1;

    private EnclaveProcess(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.transport = new UnixSocketTransport(socket);
    }

    /** Starts an enclave of node {@code nodeId} (attested in PCR16) named {@code name}. */
    public static EnclaveProcess start(Path directory, String name, String nodeId, String... extraArgs)
            throws IOException {
        Path socket = directory.resolve(name + ".sock");
        Path logs = Path.of("target", "enclave-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss1m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "io.custody.enclave.Main", "--socket", socket.toString(), "--dev",
                "--node-id", nodeId));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A fixture that fails half-way (or a killed test JVM's orderly exit) must not orphan enclaves.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        EnclaveProcess enclave = new EnclaveProcess(process, socket, log);
        enclave.awaitReady();
        return enclave;
    }

    /** Waits until the enclave accepts connections (the socket file appears at bind, before listen). */
    private void awaitReady() throws IOException {
        Instant until = Instant.now().plus(STARTUP);
        while (!connected()) {
            if (!process.isAlive()) {
                throw new IOException("enclave exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (Instant.now().isAfter(until)) {
                throw new IOException("enclave did not listen within " + STARTUP + ":\n" + Files.readString(log));
            }
            sleep(50);
        }
    }

    private boolean connected() {
        if (!Files.exists(socket)) {
            return false;
        }
        try {
            reconnect();
            return true;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    /** Opens a fresh connection (the old one, if any, is closed). */
    public synchronized void reconnect() throws IOException {
        if (connection != null) {
            connection.close();
        }
        connection = transport.connect();
        codec = new FrameCodec(connection.input(), connection.output());
    }

    /** Sends one request and waits for its response. */
    public synchronized Response call(Request request) throws IOException {
        long id = nextRequestId++;
        codec.write(Frame.newBuilder().setRequestId(id).setRequest(request).build());
        Frame frame = codec.read().orElseThrow(() -> new IOException("the enclave closed the connection"));
        if (frame.getRequestId() != id || !frame.hasResponse()) {
            throw new IOException("response " + frame.getRequestId() + " does not answer request " + id);
        }
        return frame.getResponse();
    }

    /** Raw bytes onto the connection, for tests of the frame layer. */
    public synchronized void writeRaw(byte[] bytes) throws IOException {
        connection.output().write(bytes);
        connection.output().flush();
    }

    /** Reads until the enclave closes this connection; true if it did within the timeout. */
    public boolean closedByEnclave(Duration timeout) throws IOException, InterruptedException {
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                while (connection.input().read() >= 0) {
                    // drain
                }
            } catch (IOException ignored) {
                // closed
            }
        });
        reader.join(timeout);
        return !reader.isAlive();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

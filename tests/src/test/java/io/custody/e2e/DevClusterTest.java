package io.custody.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * {@code custodyctl dev up}, {@code status}, {@code demo} and {@code down} as an operator runs
 * them: the shaded {@code cli/target/custodyctl.jar} as its own process, on this checkout's build,
 * with a temp state directory and free ports. {@code dev up} must exit 0 with all ten steps
 * reported and leave the cluster running, control plane included; {@code status} must see every
 * component up; the demo goes through the control plane's gRPC API (API client registered by the
 * operator key, governed wallet, SignMessage) and its signature must recover, with web3j (not the
 * BouncyCastle code the demo checks with), to the address it printed; after {@code dev down} no
 * recorded pid runs and no port is open.
 */
class DevClusterTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path CUSTODYCTL = ROOT.resolve("cli").resolve("target").resolve("custodyctl.jar");
    private static final String MESSAGE = "DevClusterTest: hello, threshold ECDSA";
    private static final Pattern ADDRESS = Pattern.compile("Ethereum address (0x[0-9a-fA-F]{40})");
    private static final Pattern SIGNATURE = Pattern.compile("signature (0x[0-9a-f]{130})");

    @TempDir Path state;

    private record Run(int rc, String out) {}

    @Test
    void upStatusDemoDownLeavesNothingRunning() throws Exception {
        assertTrue(Files.isRegularFile(CUSTODYCTL), CUSTODYCTL + " is missing: the reactor builds cli before tests"
                + " (mvn -B -ntp verify -pl tests -am)");
        // As root, Postgres runs as nobody, who must reach the state directory (JUnit makes it 0700);
        // otherwise dev up falls back to a /tmp directory that would outlive this test's cleanup.
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        long start = System.nanoTime();
        Run down;
        List<Long> pids = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            Run up = custodyctl(Duration.ofMinutes(3), "dev", "up", "--free-ports");
            SignerPlane.lap("dev up", start);
            assertEquals(0, up.rc(), up.out());
            for (int step = 1; step <= 10; step++) {
                assertTrue(up.out().contains("[" + step + "/10] "), "step " + step + " reported:\n" + up.out());
            }
            assertTrue(up.out().contains("[2/10] nats-server … ready on 127.0.0.1:"), up.out());
            assertTrue(up.out().contains("heartbeats from s1, s2, s3, s4, s5"), up.out());
            assertEquals(state.resolve("postgres").toString(), recordedValue("postgres.dir"),
                    "the Postgres cluster lives in the state directory");

            Properties recorded = new Properties();
            try (Reader in = Files.newBufferedReader(state.resolve("cluster.properties"))) {
                recorded.load(in);
            }
            List<String> components = List.of(recorded.getProperty("components").split(","));
            assertEquals(14, components.size(), "nats, postgres, kms, 5 enclaves, 5 signers, control plane: "
                    + components);
            for (String c : components) {
                long pid = Long.parseLong(recorded.getProperty("component." + c + ".pid"));
                pids.add(pid);
                assertTrue(running(pid), c + " (pid " + pid + ") runs after dev up exited");
                int port = Integer.parseInt(recorded.getProperty("component." + c + ".port"));
                if (port != 0) {
                    ports.add(port);
                    assertTrue(open(port), c + " listens on " + port);
                }
            }
            assertEquals(4, ports.size(), "nats-server, Postgres, KMS emulator, control plane have ports: " + ports);
            assertTrue(up.out().contains("[10/10] control plane … ready on 127.0.0.1:"), up.out());
            assertTrue(up.out().contains("5 nodes healthy"), up.out());

            Run status = custodyctl(Duration.ofSeconds(30), "dev", "status");
            SignerPlane.lap("dev status", start);
            assertEquals(0, status.rc(), status.out());
            assertTrue(status.out().contains("all up"), status.out());
            assertEquals(14, status.out().lines().filter(l -> l.matches("\\S+\\s+\\d+\\s+\\S+\\s+up\\b.*")).count(),
                    status.out());
            assertTrue(status.out().contains("5/5 nodes healthy"), status.out());

            Run demo = custodyctl(Duration.ofMinutes(2), "dev", "demo", "--message", MESSAGE);
            SignerPlane.lap("dev demo", start);
            assertEquals(0, demo.rc(), demo.out());
            assertTrue(demo.out().contains("through the control plane at 127.0.0.1:"), demo.out());
            assertTrue(demo.out().contains("ACTIVE, 3-of-5"), demo.out());
            assertTrue(demo.out().contains("SIGNED"), demo.out());
            assertTrue(demo.out().contains("audit chain verified"), demo.out());
            String address = find(ADDRESS, demo.out());
            byte[] signature = HexFormat.of().parseHex(find(SIGNATURE, demo.out()).substring(2));
            Sign.SignatureData data = new Sign.SignatureData(signature[64],
                    java.util.Arrays.copyOfRange(signature, 0, 32), java.util.Arrays.copyOfRange(signature, 32, 64));
            String recovered = Keys.toChecksumAddress(Keys.getAddress(
                    Sign.signedPrefixedMessageToKey(MESSAGE.getBytes(StandardCharsets.UTF_8), data)));
            assertEquals(address, recovered, "web3j recovers the wallet's address from the personal_sign signature");
        } finally {
            down = custodyctl(Duration.ofMinutes(1), "dev", "down");
            SignerPlane.lap("dev down", start);
        }
        assertEquals(0, down.rc(), down.out());
        for (long pid : pids) {
            assertFalse(running(pid), "pid " + pid + " is gone after dev down");
        }
        for (int port : ports) {
            assertFalse(open(port), "port " + port + " is closed after dev down");
        }
        Run after = custodyctl(Duration.ofSeconds(30), "dev", "status");
        assertEquals(1, after.rc(), after.out());
        assertEquals(0, custodyctl(Duration.ofSeconds(30), "dev", "down").rc(), "dev down is idempotent");
    }

    private Run custodyctl(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", CUSTODYCTL.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--root", ROOT.toString(), "--state-dir", state.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            reader.join(5_000);
            throw new AssertionError("custodyctl " + String.join(" ", args) + " did not finish in " + timeout
                    + ":\n" + output);
        }
        reader.join(10_000);
        System.out.println("$ custodyctl " + String.join(" ", args) + "\n" + output);
        return new Run(process.exitValue(), output.toString());
    }

    private String recordedValue(String key) throws IOException {
        Properties recorded = new Properties();
        try (Reader in = Files.newBufferedReader(state.resolve("cluster.properties"))) {
            recorded.load(in);
        }
        return recorded.getProperty(key);
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " in:\n" + text);
        return m.group(1);
    }

    /** Alive and not a zombie (its parent, custodyctl, exited long ago; init may reap it late). */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException gone) {
                return false;
            }
        }
        return false;
    }

    private static boolean open(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }
}

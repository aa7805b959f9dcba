package io.custody.cli.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.CustodyCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `custodyctl dev` says when something is missing: a message with the fix and exit code 3,
 * never a stack trace. (The whole cluster runs in tests/: DevClusterTest.)
 */
class DevCommandTest {
    @TempDir Path dir;

    private record Run(int rc, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = CustodyCtl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    private Path fakeCheckout() throws Exception {
        Path root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("dev/run"), "#!/bin/sh\n");
        return root;
    }

    @Test
    void aDirectoryThatIsNoCheckoutIsNamedWithTheFix() {
        Run r = run("dev", "up", "--root", dir.toString(), "--nats-server", "/bin/true");
        assertEquals(3, r.rc(), r.err());
        assertTrue(r.err().contains("is not a Custody checkout"), r.err());
        assertTrue(r.err().startsWith("custodyctl: "), "one line, no stack trace: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void anUnbuiltCheckoutSaysHowToBuildIt() throws Exception {
        Run r = run("dev", "up", "--root", fakeCheckout().toString(), "--nats-server", "/bin/true");
        assertEquals(3, r.rc(), r.err());
        assertTrue(r.err().contains("is not built"), r.err());
        assertTrue(r.err().contains("mvn -B -ntp -DskipTests package"), r.err());
        assertTrue(r.err().contains("cargo"), r.err());
    }

    @Test
    void aMissingNatsServerSaysHowToInstallIt() throws Exception {
        Run r = run("dev", "up", "--root", fakeCheckout().toString(), "--nats-server", dir.resolve("nope").toString());
        assertEquals(3, r.rc(), r.err());
        assertTrue(r.err().contains("apt-get install nats-server"), r.err());
    }

    @Test
    void checkoutIsFoundFromBelowIt() throws Exception {
        Path root = fakeCheckout();
        Path deep = Files.createDirectories(root.resolve("a/b"));
        assertEquals(root.toAbsolutePath(), Checkout.find(java.util.Optional.empty(), deep).root());
    }

    @Test
    void statusWithoutAClusterFailsAndDownIsANoOp() throws Exception {
        Run status = run("dev", "status", "--state-dir", dir.resolve("state").toString());
        assertEquals(1, status.rc());
        assertTrue(status.out().contains("no dev cluster recorded"), status.out());
        Run down = run("dev", "down", "--state-dir", dir.resolve("state").toString());
        assertEquals(0, down.rc(), down.err());
        assertTrue(down.out().contains("nothing to stop"), down.out());
        Run demo = run("dev", "demo", "--state-dir", dir.resolve("state").toString());
        assertEquals(1, demo.rc());
        assertTrue(demo.err().contains("dev up"), demo.err());
    }

    @Test
    void aStateDirectoryWithForeignContentIsNeverCleared() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("precious.txt"), "mine");
        DevLayout layout = new DevLayout(state);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.custody.cli.CustodyCliException.MissingPrerequisite.class,
                () -> StateDirectory.prepare(layout));
        assertTrue(e.getMessage().contains("holds no dev cluster"), e.getMessage());
        assertTrue(Files.exists(state.resolve("precious.txt")));
    }

    @Test
    void aTakenPortIsNamedWithTheFlagToMoveIt() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            DevPorts ports = new DevPorts(socket.getLocalPort(), 1, 1, 1);
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.custody.cli.CustodyCliException.MissingPrerequisite.class, () -> ports.requireFree(false, false));
            assertTrue(e.getMessage().contains("--nats-port"), e.getMessage());
        }
    }
}

package io.custody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsConfigCommandTest {

    @TempDir Path dir;

    private record Run(int rc, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = CustodyCtl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void writesConfigAndOneSeedPerUser() {
        Path out = dir.resolve("out");
        Run r = run("nats-config", "--nodes", "5", "--control-planes", "1", "--out", out.toString(),
                "--jetstream-dir", "/var/lib/nats/js", "--server-version", "2.9.10");
        assertEquals(0, r.rc(), r.err());
        assertTrue(Files.exists(out.resolve("nats-server.conf")));
        for (String user : new String[] {"s1", "s2", "s3", "s4", "s5", "control-1", "sys-admin"}) {
            assertTrue(Files.exists(out.resolve("nkeys").resolve(user + ".nk")), user);
        }
        assertTrue(r.out().contains("SIGNERS/s5"), r.out());
    }

    @Test
    void secondRunRefusesToRotateSilently() {
        Path out = dir.resolve("out");
        assertEquals(0, run("nats-config", "--nodes", "3", "--out", out.toString(), "--server-version", "2.9.10").rc());
        Run again = run("nats-config", "--nodes", "3", "--out", out.toString(), "--server-version", "2.9.10");
        assertEquals(1, again.rc());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void badArgumentsAreReportedNotThrown() {
        Run r = run("nats-config", "--nodes", "1", "--out", dir.toString(), "--server-version", "2.9.10");
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("--nodes"), r.err());
        assertEquals(2, run("nats-config", "--out", dir.toString()).rc(), "missing --nodes is a usage error");
    }
}

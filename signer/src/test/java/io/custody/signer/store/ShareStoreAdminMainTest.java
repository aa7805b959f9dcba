package io.custody.signer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The owner-side entry point that `custodyctl dev up` runs, against a real Postgres. */
class ShareStoreAdminMainTest {
    private static PostgresServer server;

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        try (Connection c = server.superuser().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role store_owner login createrole password 'owner-secret'");
            s.execute("create database store owner store_owner");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int run(String... args) {
        return ShareStoreAdminMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ShareStoreAdminMain::dataSource);
    }

    private String[] args(Path passwords) throws Exception {
        Path ownerPassword = dir.resolve("owner.pass");
        Files.writeString(ownerPassword, "owner-secret\n");
        return new String[] {"--db-url", "jdbc:postgresql://127.0.0.1:" + server.port() + "/store",
            "--owner", "store_owner", "--owner-password-file", ownerPassword.toString(),
            "--nodes", "s1,s2", "--password-dir", passwords.toString()};
    }

    @Test
    void migratesCreatesOneRolePerNodeAndKeepsEachPasswordInItsOwnFile() throws Exception {
        Path passwords = dir.resolve("secrets");
        assertEquals(0, run(args(passwords)), err::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("custody_node_s1, custody_node_s2"), out::toString);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords)));
        for (String node : new String[] {"s1", "s2"}) {
            Path file = ShareStoreAdminMain.passwordFile(passwords, node);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String password = Files.readString(file).strip();
            assertTrue(password.length() >= 32);
            assertTrue(!out.toString(StandardCharsets.UTF_8).contains(password), "passwords are never printed");
            PGSimpleDataSource ds = server.dataSource("store", NodeRole.of(node).roleName(), password);
            assertEquals(node, ShareStore.open(ds).nodeId(), "the role logs in and maps to its node");
        }

        err.reset();
        assertEquals(1, run(args(passwords)), "a second run never overwrites a node's password");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("s1.dbpass exists"), err::toString);
    }

    @Test
    void badArgumentsExitTwoWithUsage() {
        assertEquals(2, run("--db-url", "jdbc:postgresql://127.0.0.1:1/x"));
        assertEquals(2, run("--db-url", "u", "--owner", "o", "--owner-password-file", "f", "--nodes", "Bad Node",
                "--password-dir", "d"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }
}

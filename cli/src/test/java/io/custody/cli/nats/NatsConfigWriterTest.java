package io.custody.cli.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.CustodyCliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsConfigWriterTest {

    @TempDir Path dir;

    private static NatsDeployment deployment(Optional<ServerVersion> version) {
        return new NatsDeployment(5, 2, 4222, Path.of("/var/lib/custody/js"), version);
    }

    private static List<NkeyIdentity> identities(NatsDeployment d) {
        return d.users().stream().map(NkeyIdentity::generate).toList();
    }

    @Test
    void configHasEveryPublicKeyAndNoSeed() throws Exception {
        NatsDeployment d = deployment(Optional.of(ServerVersion.parse("2.9.10")));
        List<NkeyIdentity> ids = identities(d);
        String conf = new NatsConfigWriter(d, ids).render();
        SeedFiles.write(dir, ids);
        assertEquals(8, ids.size(), "5 signers, 2 control planes, sys-admin");
        for (NkeyIdentity id : ids) {
            assertTrue(conf.contains("nkey: " + id.publicKey()), id.toString());
            String seed = Files.readString(SeedFiles.seedFile(dir, id.user().name())).strip();
            assertTrue(seed.startsWith("SU"), "a user seed");
            assertFalse(conf.contains(seed), "seed leaked into the config");
            assertFalse(id.toString().contains(seed), "seed leaked into toString");
        }
        assertFalse(conf.contains("password:") || conf.contains("token:") || conf.contains("no_auth_user"));
        assertTrue(conf.contains("system_account: \"SYS\""));
    }

    @Test
    void syncIntervalOnlyWhenTheServerAcceptsIt() {
        NatsDeployment old = deployment(Optional.of(ServerVersion.parse("2.9.10")));
        NatsDeployment current = deployment(Optional.of(ServerVersion.parse("2.10.22")));
        NatsDeployment unknown = deployment(Optional.empty());
        assertFalse(new NatsConfigWriter(old, identities(old)).render().contains("\n  sync_interval: always"));
        assertFalse(new NatsConfigWriter(unknown, identities(unknown)).render().contains("\n  sync_interval: always"));
        String conf = new NatsConfigWriter(current, identities(current)).render();
        assertTrue(conf.contains("\n  sync_interval: always\n"));
        assertTrue(conf.contains("Durability"), "the trade-off is explained");
    }

    @Test
    void seedFilesAreOwnerOnly() throws Exception {
        NatsDeployment d = deployment(Optional.empty());
        SeedFiles.write(dir, identities(d));
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(SeedFiles.DIRECTORY))));
        for (NatsUser u : d.users()) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(SeedFiles.seedFile(dir, u.name()))));
        }
    }

    @Test
    void neverOverwritesExistingSeedsOrConfig() {
        NatsDeployment d = deployment(Optional.empty());
        List<NkeyIdentity> ids = identities(d);
        SeedFiles.write(dir, ids);
        new NatsConfigWriter(d, ids).write(dir);
        assertThrows(CustodyCliException.OutputExists.class, () -> SeedFiles.write(dir, identities(d)));
        assertThrows(CustodyCliException.OutputExists.class, () -> new NatsConfigWriter(d, ids).write(dir));
    }

    @Test
    void rejectsImpossibleDeployments() {
        Path js = Path.of("/js");
        assertThrows(CustodyCliException.InvalidDeployment.class, () -> new NatsDeployment(1, 1, 4222, js, Optional.empty()));
        assertThrows(CustodyCliException.InvalidDeployment.class, () -> new NatsDeployment(5, 0, 4222, js, Optional.empty()));
        assertThrows(CustodyCliException.InvalidDeployment.class, () -> new NatsDeployment(5, 1, 0, js, Optional.empty()));
        assertThrows(CustodyCliException.InvalidDeployment.class,
                () -> new NatsDeployment(5, 1, 4222, Path.of("relative"), Optional.empty()));
    }
}

package io.custody.cli.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.CustodyCliException;
import org.junit.jupiter.api.Test;

class ServerVersionTest {

    @Test
    void parsesTheServersVersionLine() {
        assertEquals(new ServerVersion(2, 9, 10), ServerVersion.parse("nats-server: v2.9.10\n"));
        assertEquals(new ServerVersion(2, 12, 1), ServerVersion.parse("2.12.1"));
    }

    @Test
    void syncIntervalOnlyFromTwoTen() {
        assertFalse(ServerVersion.parse("2.9.10").supportsSyncInterval());
        assertFalse(ServerVersion.parse("2.9.25").supportsSyncInterval());
        assertTrue(ServerVersion.parse("2.10.0").supportsSyncInterval());
        assertTrue(ServerVersion.parse("3.0.0").supportsSyncInterval());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(CustodyCliException.InvalidDeployment.class, () -> ServerVersion.parse("latest"));
    }

    @Test
    void detectsTheInstalledServer() {
        assertEquals(2, ServerVersion.detect(NatsServerProcess.binary()).orElseThrow().major());
        assertTrue(ServerVersion.detect("/nonexistent/nats-server").isEmpty());
    }
}

package io.custody.cli.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.dev.ClusterState.Component;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateTest {
    @TempDir Path dir;

    @Test
    void roundTripsValuesAndComponentsInStartOrder() {
        DevLayout layout = new DevLayout(dir);
        ClusterState state = ClusterState.empty();
        state.put(ClusterState.NODES, "s1,s2,s3");
        state.add(new Component("nats-server", 11, 1000, 4222, layout.log("nats-server")));
        state.add(new Component("signer-s1", 12, 2000, 0, layout.log("signer-s1")));
        state.save(layout);

        ClusterState loaded = ClusterState.load(layout).orElseThrow();
        assertEquals(List.of("s1", "s2", "s3"), loaded.nodes());
        assertEquals(List.of(new Component("nats-server", 11, 1000, 4222, layout.log("nats-server")),
                new Component("signer-s1", 12, 2000, 0, layout.log("signer-s1"))), loaded.components());
        assertTrue(ClusterState.load(new DevLayout(dir.resolve("elsewhere"))).isEmpty());
    }

    @Test
    void thisJvmIsRunningAndAPidWithAnotherStartTimeIsNot() {
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().orElseThrow().toEpochMilli();
        assertTrue(ProcessLiveness.isRunning(new Component("me", self.pid(), started, 0, dir)));
        assertFalse(ProcessLiveness.isRunning(new Component("reused", self.pid(), started - 60_000, 0, dir)),
                "a pid whose start time differs from the record is someone else's");
        assertFalse(ProcessLiveness.isRunning(new Component("none", 0, 0, 0, dir)));
    }
}

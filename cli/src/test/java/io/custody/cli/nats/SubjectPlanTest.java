package io.custody.cli.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custody.cli.CustodyCliException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectPlanTest {

    @Test
    void aNodeSubscribesOnlyToItsOwnRoundsAndInbox() {
        Permissions p = SubjectPlan.signerPermissions("s1");
        assertEquals(List.of("custody.rounds.*.s1", "_INBOX.s1.>"), p.subscribe());
        assertFalse(p.allowResponses());
    }

    @Test
    void aNodePublishesItsOwnResultAndHeartbeatOnly() {
        List<String> publish = SubjectPlan.signerPermissions("s1").publish();
        assertTrue(publish.contains("custody.results.s1"));
        assertTrue(publish.contains("custody.health.s1"));
        assertTrue(publish.contains("custody.rounds.*.*"));
        assertTrue(publish.stream().noneMatch(s -> s.contains("s2")));
        assertTrue(publish.stream().noneMatch(s -> s.equals(">") || s.startsWith("custody.jobs")),
                "a node never creates jobs");
        assertTrue(publish.stream().filter(s -> s.startsWith("$JS.ACK")).allMatch(
                s -> s.equals("$JS.ACK.JOBS.node-s1.>") || s.equals("$JS.ACK.JOBS.pool.>")));
    }

    @Test
    void controlHasNoRoundSubjectsAndNoStreamDeletion() {
        Permissions p = SubjectPlan.controlPermissions("control-1");
        assertTrue(p.publish().stream().noneMatch(s -> s.startsWith("custody.rounds")));
        assertTrue(p.subscribe().stream().noneMatch(s -> s.startsWith("custody.rounds") || s.equals(">")));
        assertTrue(p.publish().stream().noneMatch(s -> s.contains(".DELETE.") || s.contains(".PURGE.")));
    }

    @Test
    void roundSubjectsNeverLeaveSigners() {
        for (AccountLink l : SubjectPlan.accountLinks()) {
            assertFalse(l.subject().startsWith("custody.rounds"), l.toString());
        }
    }

    @Test
    void consumerFiltersAreDisjoint() {
        assertEquals("custody.jobs.s1.>", SubjectPlan.nodeJobFilter("s1"));
        assertEquals("custody.jobs.pool.>", SubjectPlan.poolJobFilter());
        assertThrows(CustodyCliException.InvalidDeployment.class,
                () -> new NatsUser(SubjectPlan.POOL_TOKEN, NatsAccount.SIGNERS));
        assertThrows(CustodyCliException.InvalidDeployment.class, () -> new NatsUser("s1.>", NatsAccount.SIGNERS));
    }
}

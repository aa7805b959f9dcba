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
    void aNodeSubscribesOnlyToItsOwnRoundsControlAndInbox() {
        Permissions p = SubjectPlan.signerPermissions("s1");
        assertEquals(List.of("custody.rounds.*.s1", "custody.control.s1", "_INBOX.s1.>"), p.subscribe());
        assertTrue(p.allowResponses(), "a node answers its peers' proposals and attestation queries");
        assertTrue(p.publish().stream().noneMatch(s -> s.startsWith("_INBOX")),
                "replies go through allow_responses, never a grant on other nodes' inboxes");
    }

    @Test
    void onlySignersServeRequests() {
        assertFalse(SubjectPlan.controlPermissions("control-1").allowResponses());
        assertFalse(SubjectPlan.sysAdminPermissions(NatsDeployment.SYS_ADMIN).allowResponses());
    }

    @Test
    void controlSubjectsNeverLeaveSigners() {
        assertTrue(SubjectPlan.signerPermissions("s1").publish().contains(SubjectPlan.CONTROL_SUBJECTS));
        for (AccountLink l : SubjectPlan.accountLinks()) {
            assertFalse(l.subject().startsWith("custody.control"), l.toString());
        }
        Permissions control = SubjectPlan.controlPermissions("control-1");
        assertTrue(control.publish().stream().noneMatch(s -> s.startsWith("custody.control")));
    }

    @Test
    void namesAreTheSharedOnesInProto() {
        // The signer uses io.custody.proto.nats.NatsSubjects directly; the plan must not drift from it.
        assertEquals(io.custody.proto.nats.NatsSubjects.controlSubject("s2"), SubjectPlan.controlSubject("s2"));
        assertEquals(io.custody.proto.nats.NatsSubjects.jobSubject("s2", "dkg"),
                SubjectPlan.jobSubject("s2", SubjectPlan.JobKind.DKG));
        assertEquals(io.custody.proto.nats.NatsSubjects.poolJobSubject("sign"),
                SubjectPlan.poolJobSubject(SubjectPlan.JobKind.SIGN));
        assertEquals("custody.jobs.s2.dkg", SubjectPlan.jobSubject("s2", SubjectPlan.JobKind.DKG));
        assertEquals("custody.jobs.pool.sign", SubjectPlan.poolJobSubject(SubjectPlan.JobKind.SIGN));
        assertEquals("node-s2", SubjectPlan.nodeConsumer("s2"));
        assertEquals("custody.control.s2", SubjectPlan.controlSubject("s2"));
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

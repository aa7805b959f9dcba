package io.custody.signer.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The signer's names are the deployment's (docs/nats-subjects.md; generated permissions in
 * custodyctl's SubjectPlan, checked against a real server there and in SigningOverNatsTest).
 */
class SubjectsTest {

    @Test
    void namesMatchTheGeneratedPlan() {
        assertEquals("JOBS", Subjects.JOBS_STREAM);
        assertEquals("pool", Subjects.POOL_CONSUMER);
        assertEquals("node-s2", Subjects.nodeConsumer("s2"));
        assertEquals("JS.CONTROL.API", Subjects.JS_API_PREFIX);
        assertEquals("custody.control.s2", Subjects.control("s2"));
        assertEquals("custody.results.s2", Subjects.results("s2"));
        assertEquals("custody.rounds.*.s2", Subjects.roundsFor("s2"));
        assertEquals("custody.rounds.0aff.s2", Subjects.round(new byte[] {0x0a, (byte) 0xff}, "s2"));
        assertEquals("_INBOX.s2.", Subjects.inboxPrefix("s2"));
    }

    @Test
    void theJobKindIsTheSubjectsLastToken() {
        assertEquals("dkg", Subjects.jobKind("custody.jobs.s2.dkg"));
        assertEquals("sign", Subjects.jobKind("custody.jobs.pool.sign"));
        assertEquals("", Subjects.jobKind("custody.results.s2"));
    }

    @Test
    void theSharedPoolTokenIsNeverANodeId() {
        assertThrows(IllegalArgumentException.class, () -> Subjects.requireNodeId("pool"));
        assertThrows(IllegalArgumentException.class, () -> Subjects.requireNodeId("s1.>"));
        assertEquals("s1", Subjects.requireNodeId("s1"));
    }
}

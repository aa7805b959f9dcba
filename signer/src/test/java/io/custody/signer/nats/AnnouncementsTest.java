package io.custody.signer.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import io.custody.proto.enclave.v1.AuthorizedRequest;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.mpc.v1.SessionAnnouncement;
import io.custody.proto.mpc.v1.SessionMember;
import io.custody.signer.session.SessionIds;
import io.custody.signer.session.SessionPlan;
import org.junit.jupiter.api.Test;

class AnnouncementsTest {
    private static final AuthorizedRequest REQUEST = AuthorizedRequest.newBuilder()
            .setMethod("custody.v1.CustodyService/SignMessage").setRequest(ByteString.copyFromUtf8("signed bytes")).build();

    private static SessionAnnouncement.Builder announcement() {
        return SessionAnnouncement.newBuilder().setJobId("job").setAttempt(1).setProtocol(Protocol.PROTOCOL_SIGN)
                .setWalletId("w").setThreshold(2).setShareCount(3).setRequestId("job/1").setShareVersion(1)
                .setSessionId(ByteString.copyFrom(SessionIds.derive(Protocol.PROTOCOL_SIGN, "w", 2, 3, new int[] {1, 3},
                        "job/1")))
                .addMembers(SessionMember.newBuilder().setNodeId("s1").setPartyIndex(1)
                        .setAttestationDocument(ByteString.copyFromUtf8("doc1")))
                .addMembers(SessionMember.newBuilder().setNodeId("s3").setPartyIndex(3)
                        .setAttestationDocument(ByteString.copyFromUtf8("doc3")));
    }

    @Test
    void theClientRequestReachesEveryMembersEnclaveUnchanged() {
        SessionAnnouncement governed = announcement().setRequest(REQUEST).build();
        for (String member : new String[] {"s1", "s3"}) {
            SessionPlan plan = Announcements.planFor(governed, member);
            assertEquals(REQUEST, plan.start().getRequest());
            assertEquals(0, plan.start().getMessageHash().size(), "no host hash was sent, none is invented");
        }
    }

    /** The enclave checks each peer's attested node identity (PCR16) against the node named here. */
    @Test
    void eachRosterEntryNamesItsMembersNode() {
        SessionPlan plan = Announcements.planFor(announcement().setRequest(REQUEST).build(), "s1");
        assertEquals(1, plan.start().getRosterCount());
        assertEquals(3, plan.start().getRoster(0).getPartyIndex());
        assertEquals("s3", plan.start().getRoster(0).getNodeId());
        assertEquals(ByteString.copyFromUtf8("doc3"), plan.start().getRoster(0).getAttestationDocument());
    }

    @Test
    void anUngovernedAnnouncementCarriesNoRequest() {
        SessionAnnouncement bare = announcement().setMessageHash(ByteString.copyFrom(new byte[32])).build();
        SessionPlan plan = Announcements.planFor(bare, "s3");
        assertFalse(plan.start().hasRequest());
        assertEquals(32, plan.start().getMessageHash().size());
    }
}

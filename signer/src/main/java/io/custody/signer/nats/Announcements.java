package io.custody.signer.nats;

import io.custody.proto.enclave.v1.Peer;
import io.custody.proto.enclave.v1.Protocol;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.mpc.v1.SessionAnnouncement;
import io.custody.proto.mpc.v1.SessionMember;
import io.custody.signer.session.SessionPlan;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/** A sign session's announcement to the {@link SessionPlan} of one member (the same fields everywhere). */
final class Announcements {
    private Announcements() {}

    /** @throws IllegalArgumentException when {@code selfNodeId} is no member or the session id is not derived from the fields */
    static SessionPlan planFor(SessionAnnouncement announcement, String selfNodeId) {
        if (announcement.getProtocol() != Protocol.PROTOCOL_SIGN) {
            throw new IllegalArgumentException("only signing sessions are announced");
        }
        Map<Integer, String> nodeByParty = new TreeMap<>();
        SessionMember self = null;
        for (SessionMember member : announcement.getMembersList()) {
            if (nodeByParty.put(member.getPartyIndex(), member.getNodeId()) != null) {
                throw new IllegalArgumentException("party " + member.getPartyIndex() + " appears twice");
            }
            if (member.getNodeId().equals(selfNodeId)) {
                self = member;
            }
        }
        if (self == null) {
            throw new IllegalArgumentException(selfNodeId + " is not a member");
        }
        SessionStart.Builder start = SessionStart.newBuilder()
                .setProtocol(Protocol.PROTOCOL_SIGN)
                .setWalletId(announcement.getWalletId())
                .setThreshold(announcement.getThreshold())
                .setShareCount(announcement.getShareCount())
                .setSelfIndex(self.getPartyIndex())
                .addAllParties(nodeByParty.keySet())
                .setRequestId(announcement.getRequestId())
                .setDeadlineUnixMillis(announcement.getDeadlineUnixMillis())
                .setMessageHash(announcement.getMessageHash())
                .setShareVersion(announcement.getShareVersion())
                .setDerive(announcement.getDerive())
                .setDerivationChild(announcement.getDerivationChild())
                .setNodeId(selfNodeId);
        if (announcement.hasRequest()) { // the client's signed request: each enclave checks it itself
            start.setRequest(announcement.getRequest());
        }
        announcement.getMembersList().stream()
                .filter(m -> !m.getNodeId().equals(selfNodeId))
                .sorted(Comparator.comparingInt(SessionMember::getPartyIndex))
                .forEach(m -> start.addRoster(Peer.newBuilder().setPartyIndex(m.getPartyIndex())
                        .setNodeId(m.getNodeId()).setAttestationDocument(m.getAttestationDocument())));
        return new SessionPlan(announcement.getSessionId().toByteArray(), selfNodeId, start.build(), nodeByParty);
    }
}

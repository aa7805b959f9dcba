package io.custody.signer.session;

import io.custody.proto.enclave.v1.SessionStart;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One party's view of a session: the {@code SessionStart} its enclave gets at phase 1, the node
 * of every party (self included) and the session id, derived here exactly as the enclave does.
 */
public record SessionPlan(byte[] sessionId, String selfNodeId, SessionStart start, Map<Integer, String> nodeByParty) {
    public SessionPlan {
        Objects.requireNonNull(selfNodeId, "selfNodeId");
        Objects.requireNonNull(start, "start");
        nodeByParty = Map.copyOf(new TreeMap<>(nodeByParty));
        int[] parties = start.getPartiesList().stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(parties, nodeByParty.keySet().stream().mapToInt(Integer::intValue).sorted().toArray())) {
            throw new IllegalArgumentException("parties and member nodes differ");
        }
        if (!selfNodeId.equals(nodeByParty.get(start.getSelfIndex()))) {
            throw new IllegalArgumentException("self index " + start.getSelfIndex() + " is not " + selfNodeId);
        }
        byte[] derived = SessionIds.derive(start.getProtocol(), start.getWalletId(), start.getThreshold(),
                start.getShareCount(), parties, start.getRequestId());
        if (sessionId == null) {
            sessionId = derived;
        } else if (!Arrays.equals(sessionId, derived)) {
            throw new IllegalArgumentException("session id does not match the session's parameters");
        }
        sessionId = sessionId.clone();
    }

    public static SessionPlan of(String selfNodeId, SessionStart start, Map<Integer, String> nodeByParty) {
        return new SessionPlan(null, selfNodeId, start, nodeByParty);
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    public int selfIndex() {
        return start.getSelfIndex();
    }

    /** Every other party and its node. */
    public Map<Integer, String> others() {
        Map<Integer, String> others = new TreeMap<>(nodeByParty);
        others.remove(selfIndex());
        return others;
    }

    public String sessionIdHex() {
        return HexFormat.of().formatHex(sessionId);
    }

    @Override
    public String toString() {
        return start.getProtocol() + " " + sessionIdHex().substring(0, 12) + " as " + selfNodeId + " parties "
                + nodeByParty.keySet();
    }
}

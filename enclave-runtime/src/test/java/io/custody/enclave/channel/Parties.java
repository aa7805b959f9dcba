package io.custody.enclave.channel;

import io.custody.enclave.attest.EnclaveIdentity;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Three enclaves (parties 1, 2, 3) and their channels for one session, for tests. */
final class Parties {

    static final int PROTOCOL = 2;
    static final Set<Integer> ALL = Set.of(1, 2, 3);

    final List<EnclaveIdentity> identities;
    final byte[] sessionId;
    private final Map<Integer, SessionChannel> channels = new HashMap<>();

    private Parties(List<EnclaveIdentity> identities, byte[] sessionId) {
        this.identities = identities;
        this.sessionId = sessionId;
        for (int self : ALL) {
            channels.put(self, new SessionChannel(sessionId, PROTOCOL, self, identity(self), peersOf(self)));
        }
    }

    /** Generated once: RSA-2048 generation dominates test time, and sessions never share keys anyway. */
    private static final List<EnclaveIdentity> IDENTITIES =
            List.of(EnclaveIdentity.generate(), EnclaveIdentity.generate(), EnclaveIdentity.generate());

    /** Three enclaves in a fresh session. */
    static Parties create() {
        return new Parties(IDENTITIES, randomSessionId());
    }

    /** The same enclaves in a fresh session. */
    Parties newSession() {
        return new Parties(identities, randomSessionId());
    }

    SessionChannel channel(int party) {
        return channels.get(party);
    }

    EnclaveIdentity identity(int party) {
        return identities.get(party - 1);
    }

    PeerKeys keysOf(int party) {
        EnclaveIdentity id = identity(party);
        return new PeerKeys(party, id.x25519().getPublic(), id.ed25519().getPublic());
    }

    Map<Integer, PeerKeys> peersOf(int self) {
        Map<Integer, PeerKeys> peers = new HashMap<>();
        for (int p : ALL) {
            if (p != self) {
                peers.put(p, keysOf(p));
            }
        }
        return peers;
    }

    static byte[] randomSessionId() {
        byte[] id = new byte[32];
        new SecureRandom().nextBytes(id);
        return id;
    }
}

package io.custody.enclave.protocol;

import io.custody.enclave.attest.AttestationException;
import io.custody.enclave.attest.AttestationVerifier;
import io.custody.enclave.attest.EnclaveIdentity;
import io.custody.enclave.attest.VerifiedAttestation;
import io.custody.enclave.channel.PeerKeys;
import io.custody.enclave.channel.RawPublicKeys;
import io.custody.enclave.mpc.SessionParameters;
import io.custody.enclave.mpc.SessionRefusedException;
import io.custody.proto.enclave.v1.Peer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds an enclave's channel keys into its attestation and reads them back out of a peer's.
 * {@code user_data} = X25519 public key (32, raw) || Ed25519 public key (32, raw) || the caller's
 * user data. A peer's keys are trusted only from a document this enclave verified itself.
 *
 * <p>Each roster entry names the node it is ({@code Peer.node_id}); its document must attest that
 * node in PCR16, and no two members of a session, this enclave included, may be the same node.
 * So a host that runs several enclaves cannot make them stand in for each other's nodes, and a
 * session always has as many distinct attested nodes as parties.
 */
final class AttestedPeers {
    static final int BOUND_KEYS = 2 * RawPublicKeys.RAW_LENGTH;

    private final AttestationVerifier verifier;
    private final String selfNodeId;

    AttestedPeers(AttestationVerifier verifier, String selfNodeId) {
        this.verifier = verifier;
        this.selfNodeId = selfNodeId;
    }

    static byte[] userData(EnclaveIdentity identity, byte[] callerData) {
        byte[] out = new byte[BOUND_KEYS + callerData.length];
        System.arraycopy(RawPublicKeys.x25519ToRaw(identity.x25519().getPublic()), 0, out, 0, 32);
        System.arraycopy(RawPublicKeys.ed25519ToRaw(identity.ed25519().getPublic()), 0, out, 32, 32);
        System.arraycopy(callerData, 0, out, BOUND_KEYS, callerData.length);
        return out;
    }

    /** Verifies every roster document and returns the keys of exactly the session's other parties. */
    Map<Integer, PeerKeys> verify(List<Peer> roster, SessionParameters parameters) {
        int[] others = parameters.others();
        if (roster.size() != others.length) {
            throw new SessionRefusedException("the roster has " + roster.size() + " peers, the session "
                    + others.length);
        }
        Map<Integer, PeerKeys> peers = new HashMap<>();
        Set<String> nodes = new HashSet<>(Set.of(selfNodeId));
        for (Peer peer : roster) {
            int party = peer.getPartyIndex();
            if (Arrays.binarySearch(others, party) < 0 || peers.containsKey(party)) {
                throw new SessionRefusedException("roster entry for party " + party + " is not one of the session's peers");
            }
            String node = peer.getNodeId();
            if (node.isEmpty()) {
                throw new SessionRefusedException("roster entry for party " + party + " names no node");
            }
            if (!nodes.add(node)) {
                throw new SessionRefusedException("party " + party + " is node '" + node + "', which is already in the"
                        + " session" + (node.equals(selfNodeId) ? " (this enclave)" : ""));
            }
            VerifiedAttestation attestation;
            try {
                attestation = verifier.verify(peer.getAttestationDocument().toByteArray(), null);
            } catch (AttestationException e) {
                throw new SessionRefusedException("party " + party + "'s attestation is refused: " + e.getMessage());
            }
            if (!attestation.attestsNode(node)) {
                throw new SessionRefusedException("party " + party + "'s attestation does not attest node '" + node
                        + "' (PCR16 " + (attestation.nodeIdentityPcr() == null ? "absent" : "of another node") + ")");
            }
            byte[] userData = attestation.userData();
            if (userData == null || userData.length < BOUND_KEYS) {
                throw new SessionRefusedException("party " + party + "'s attestation binds no channel keys");
            }
            try {
                peers.put(party, PeerKeys.fromRaw(party, Arrays.copyOfRange(userData, 0, 32),
                        Arrays.copyOfRange(userData, 32, BOUND_KEYS)));
            } catch (IllegalArgumentException e) {
                throw new SessionRefusedException("party " + party + "'s attested channel keys are invalid");
            }
        }
        return peers;
    }
}

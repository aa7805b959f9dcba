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
import java.util.List;
import java.util.Map;

/**
 * Binds an enclave's channel keys into its attestation and reads them back out of a peer's.
 * {@code user_data} = X25519 public key (32, raw) || Ed25519 public key (32, raw) || the caller's
 * user data. A peer's keys are trusted only from a document this enclave verified itself.
 */
final class AttestedPeers {
    static final int BOUND_KEYS = 2 * RawPublicKeys.RAW_LENGTH;

    private final AttestationVerifier verifier;

    AttestedPeers(AttestationVerifier verifier) {
        this.verifier = verifier;
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
        for (Peer peer : roster) {
            int party = peer.getPartyIndex();
            if (Arrays.binarySearch(others, party) < 0 || peers.containsKey(party)) {
                throw new SessionRefusedException("roster entry for party " + party + " is not one of the session's peers");
            }
            VerifiedAttestation attestation;
            try {
                attestation = verifier.verify(peer.getAttestationDocument().toByteArray(), null);
            } catch (AttestationException e) {
                throw new SessionRefusedException("party " + party + "'s attestation is refused: " + e.getMessage());
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

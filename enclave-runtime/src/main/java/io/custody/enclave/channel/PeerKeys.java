package io.custody.enclave.channel;

import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.util.Objects;

/**
 * The attested public keys of one peer enclave in a session: X25519 for the pairwise direct-message
 * keys, Ed25519 for its broadcast signatures. Only public keys, so printing them is harmless.
 *
 * @param partyIndex the peer's 1-based party index, 1..255 (0 means broadcast and is never a party)
 * @param x25519 the peer's X25519 public key
 * @param ed25519 the peer's Ed25519 public key
 */
public record PeerKeys(int partyIndex, PublicKey x25519, PublicKey ed25519) {

    /** Highest party index: indices travel as one byte in the key-derivation info. */
    public static final int MAX_PARTY_INDEX = 255;

    public PeerKeys {
        requirePartyIndex(partyIndex, "partyIndex");
        Objects.requireNonNull(x25519, "x25519");
        Objects.requireNonNull(ed25519, "ed25519");
        if (!(x25519 instanceof XECPublicKey xec) || !RawPublicKeys.isCurve(xec.getParams(), "X25519")) {
            throw new IllegalArgumentException("x25519 is not an X25519 public key");
        }
        if (!(ed25519 instanceof EdECPublicKey edec) || !RawPublicKeys.isCurve(edec.getParams(), "Ed25519")) {
            throw new IllegalArgumentException("ed25519 is not an Ed25519 public key");
        }
    }

    /** Builds a peer from the raw 32-byte encodings found in its attestation (see {@link RawPublicKeys}). */
    public static PeerKeys fromRaw(int partyIndex, byte[] x25519Raw, byte[] ed25519Raw) {
        return new PeerKeys(partyIndex, RawPublicKeys.x25519FromRaw(x25519Raw), RawPublicKeys.ed25519FromRaw(ed25519Raw));
    }

    /** The raw 32-byte X25519 encoding. */
    public byte[] x25519Raw() {
        return RawPublicKeys.x25519ToRaw(x25519);
    }

    /** The raw 32-byte Ed25519 encoding. */
    public byte[] ed25519Raw() {
        return RawPublicKeys.ed25519ToRaw(ed25519);
    }

    static int requirePartyIndex(int index, String name) {
        if (index < 1 || index > MAX_PARTY_INDEX) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_PARTY_INDEX + ", got " + index);
        }
        return index;
    }
}

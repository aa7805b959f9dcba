package io.custody.enclave.channel;

import io.custody.enclave.attest.EnclaveIdentity;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Message security for one MPC session between this enclave and its peers, over a relay (the
 * parent) that sees and can change every byte.
 *
 * <p>Guarantees, given that the peers' keys come from verified attestations:
 *
 * <ul>
 *   <li><b>Direct messages</b> are confidential and authenticated: only the named recipient can
 *       read them, and it accepts them only if the claimed sender wrote them, for this session,
 *       protocol, phase, recipient, sequence and echo digest. Each direction of each pair has its
 *       own key (see {@link DirectionKey}), so a message cannot be reflected back to its author.
 *   <li><b>Broadcasts</b> are public but signed with the sender's Ed25519 key over every field, so
 *       the relay cannot alter or re-address them or move them to another session or phase.
 *   <li>The relay can still drop, delay, duplicate or show different (validly signed) broadcasts
 *       to different parties. Duplicates within a phase are the session driver's to drop (by
 *       sender and sequence); equivocation is caught by {@link BroadcastEcho}.
 * </ul>
 *
 * <p>Direct payload layout: {@code nonce (12 random bytes) || AES-256-GCM ciphertext || tag (16
 * bytes)}, with the {@link EnvelopeEncoding} direct AAD. Broadcast signature: Ed25519 over the
 * {@link EnvelopeEncoding} broadcast encoding. Pairwise keys are derived on first use and cached;
 * {@link #close()} zeroes them. Safe for use from several threads.
 */
public final class SessionChannel implements AutoCloseable {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String AES_GCM = "AES/GCM/NoPadding";

    private final byte[] sessionId;
    private final int protocol;
    private final int self;
    private final PrivateKey x25519Private;
    private final PrivateKey ed25519Private;
    private final Map<Integer, PeerKeys> peers;
    private final SecureRandom random = new SecureRandom();

    private final Object lock = new Object();
    private final Map<Integer, PairKeys> pairKeys = new HashMap<>(); // guarded by lock
    private boolean closed; // guarded by lock

    /** The two keys shared with one peer: for what this party sends, and for what it receives. */
    private record PairKeys(DirectionKey send, DirectionKey receive) {}

    /**
     * @param sessionId the session id (1..64 bytes), also the HKDF salt
     * @param protocol the protocol code bound into every envelope
     * @param self this party's index, 1..255
     * @param identity this enclave's keys
     * @param peers every other party of the session by index, from their attestations
     */
    public SessionChannel(byte[] sessionId, int protocol, int self, EnclaveIdentity identity, Map<Integer, PeerKeys> peers) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId").clone();
        if (this.sessionId.length < 1 || this.sessionId.length > Envelope.MAX_SESSION_ID_BYTES) {
            throw new IllegalArgumentException("sessionId must be 1.." + Envelope.MAX_SESSION_ID_BYTES + " bytes");
        }
        if (protocol < 0) {
            throw new IllegalArgumentException("protocol must be >= 0");
        }
        this.protocol = protocol;
        this.self = PeerKeys.requirePartyIndex(self, "self");
        Objects.requireNonNull(identity, "identity");
        this.x25519Private = identity.x25519().getPrivate();
        this.ed25519Private = identity.ed25519().getPrivate();
        this.peers = Map.copyOf(Objects.requireNonNull(peers, "peers"));
        if (this.peers.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one peer");
        }
        Set<ByteBuffer> seenKeys = new HashSet<>();
        seenKeys.add(ByteBuffer.wrap(RawPublicKeys.x25519ToRaw(identity.x25519().getPublic())));
        seenKeys.add(ByteBuffer.wrap(RawPublicKeys.ed25519ToRaw(identity.ed25519().getPublic())));
        for (Map.Entry<Integer, PeerKeys> entry : this.peers.entrySet()) {
            int index = entry.getKey();
            if (index != entry.getValue().partyIndex()) {
                throw new IllegalArgumentException("peers map key " + index + " holds party " + entry.getValue().partyIndex());
            }
            if (index == self) {
                throw new IllegalArgumentException("peers must not include this party (" + self + ")");
            }
            if (!seenKeys.add(ByteBuffer.wrap(entry.getValue().x25519Raw()))
                    || !seenKeys.add(ByteBuffer.wrap(entry.getValue().ed25519Raw()))) {
                throw new IllegalArgumentException("party " + index + " reuses a key of this or another party");
            }
        }
    }

    /** Encrypts {@code plaintext} for {@code recipient}, with no echo digest. */
    public Envelope sealDirect(int phase, int recipient, long sequence, byte[] plaintext) {
        return sealDirect(phase, recipient, sequence, plaintext, new byte[0]);
    }

    /**
     * Encrypts {@code plaintext} for one peer; the header fields and {@code echoDigest} are
     * authenticated as AAD. Direct envelopes carry no signature.
     *
     * @throws IllegalArgumentException if {@code recipient} is not a peer or a field is out of range
     */
    public Envelope sealDirect(int phase, int recipient, long sequence, byte[] plaintext, byte[] echoDigest) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (!peers.containsKey(recipient)) {
            throw new IllegalArgumentException("recipient " + recipient + " is not a peer of this session");
        }
        Envelope header = new Envelope(sessionId, protocol, phase, self, recipient, sequence, new byte[0], new byte[0], echoDigest);
        byte[] payload = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, payload, 0, NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.ENCRYPT_MODE, keysFor(recipient).send().aesKey(), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(EnvelopeEncoding.directAad(header));
            cipher.doFinal(plaintext, 0, plaintext.length, payload, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return new Envelope(sessionId, protocol, phase, self, recipient, sequence, payload, new byte[0], echoDigest);
    }

    /**
     * Checks that the envelope is a direct message of this session for this party from a peer,
     * then decrypts and authenticates it.
     *
     * @return the plaintext
     * @throws ChannelException naming the claimed sender; never proof that the sender misbehaved
     */
    public byte[] openDirect(Envelope envelope) throws ChannelException {
        Objects.requireNonNull(envelope, "envelope");
        requireOpen();
        int sender = envelope.sender();
        requireSession(envelope);
        if (envelope.recipient() != self) {
            throw new MisdirectedMessageException(sender, envelope.recipient(), "this party (" + self + ")");
        }
        requirePeer(sender);
        if (envelope.signature().length != 0) {
            throw new AuthenticationFailedException(sender, envelope.phase(), "direct envelope carrying a signature");
        }
        byte[] payload = envelope.payload();
        if (payload.length < NONCE_BYTES + TAG_BYTES) {
            throw new AuthenticationFailedException(sender, envelope.phase(), "direct envelope too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.DECRYPT_MODE, keysFor(sender).receive().aesKey(),
                    new GCMParameterSpec(TAG_BYTES * 8, payload, 0, NONCE_BYTES));
            cipher.updateAAD(EnvelopeEncoding.directAad(envelope));
            return cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException(sender, envelope.phase(), "direct envelope");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption could not run", e);
        }
    }

    /**
     * Signs a broadcast (recipient 0). The payload stays in clear: DKLs23 broadcasts are public.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public Envelope signBroadcast(int phase, long sequence, byte[] payload, byte[] echoDigest) {
        Envelope unsigned = new Envelope(sessionId, protocol, phase, self, Envelope.BROADCAST, sequence,
                Objects.requireNonNull(payload, "payload"), new byte[0], echoDigest);
        requireOpen();
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(ed25519Private);
            signer.update(EnvelopeEncoding.broadcastToBeSigned(unsigned));
            return new Envelope(sessionId, protocol, phase, self, Envelope.BROADCAST, sequence, payload, signer.sign(), echoDigest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Checks that the envelope is a broadcast of this session from a peer and that the peer's
     * Ed25519 signature covers all its fields.
     *
     * @return the payload
     * @throws ChannelException naming the claimed sender; never proof that the sender misbehaved
     */
    public byte[] verifyBroadcast(Envelope envelope) throws ChannelException {
        Objects.requireNonNull(envelope, "envelope");
        requireOpen();
        int sender = envelope.sender();
        requireSession(envelope);
        if (!envelope.isBroadcast()) {
            throw new MisdirectedMessageException(sender, envelope.recipient(), "a broadcast (0)");
        }
        PeerKeys peer = requirePeer(sender);
        if (envelope.signature().length != Envelope.SIGNATURE_BYTES) {
            throw new AuthenticationFailedException(sender, envelope.phase(), "unsigned broadcast");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(peer.ed25519());
            verifier.update(EnvelopeEncoding.broadcastToBeSigned(envelope));
            if (!verifier.verify(envelope.signature())) {
                throw new AuthenticationFailedException(sender, envelope.phase(), "broadcast signature");
            }
        } catch (SignatureException | InvalidKeyException e) {
            throw new AuthenticationFailedException(sender, envelope.phase(), "broadcast signature", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification could not run", e);
        }
        return envelope.payload();
    }

    /** Zeroes every derived key; later calls fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            for (PairKeys keys : pairKeys.values()) {
                keys.send().destroy();
                keys.receive().destroy();
            }
            pairKeys.clear();
            closed = true;
        }
    }

    /** For tests: the key this party seals with towards {@code peer}. */
    DirectionKey sendKey(int peer) {
        return keysFor(peer).send();
    }

    /** For tests: the key this party opens {@code peer}'s messages with. */
    DirectionKey receiveKey(int peer) {
        return keysFor(peer).receive();
    }

    private PairKeys keysFor(int peer) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("channel closed");
            }
            PairKeys keys = pairKeys.get(peer);
            if (keys == null) {
                keys = derive(peer);
                pairKeys.put(peer, keys);
            }
            return keys;
        }
    }

    private PairKeys derive(int peer) {
        byte[] shared;
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(x25519Private);
            agreement.doPhase(peers.get(peer).x25519(), true);
            shared = agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("party " + peer + "'s X25519 key cannot be used (small order?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
        try {
            return new PairKeys(
                    DirectionKey.derive(shared, sessionId, self, peer),
                    DirectionKey.derive(shared, sessionId, peer, self));
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private void requireOpen() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("channel closed");
            }
        }
    }

    private void requireSession(Envelope envelope) throws WrongSessionException {
        if (!MessageDigest.isEqual(sessionId, envelope.sessionId()) || protocol != envelope.protocol()) {
            throw new WrongSessionException(envelope.sender());
        }
    }

    private PeerKeys requirePeer(int sender) throws UnknownPeerException {
        PeerKeys peer = peers.get(sender);
        if (peer == null) {
            throw new UnknownPeerException(sender);
        }
        return peer;
    }

    @Override
    public String toString() {
        return "SessionChannel[party " + self + ", peers " + peers.keySet() + ", keys hidden]";
    }
}

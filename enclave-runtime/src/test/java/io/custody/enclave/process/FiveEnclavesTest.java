package io.custody.enclave.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.enclave.attest.Measurements;
import io.custody.enclave.attest.RogueAttestors;
import io.custody.enclave.mpc.Protocol;
import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.enclave.v1.ErrorCode;
import io.custody.proto.enclave.v1.PeerEnvelope;
import io.custody.proto.enclave.v1.Peer;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SealedShare;
import io.custody.proto.enclave.v1.SessionStart;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Five enclave processes on Unix sockets and a relay that only moves bytes: a 3-of-5 DKG, then
 * signing with several quorums, each signature verified with BouncyCastle; then a hostile relay.
 * After every test each enclave must still be up and READY.
 */
class FiveEnclavesTest {
    private static final String WALLET = "wallet-five";
    private static final int[] ALL = {1, 2, 3, 4, 5};
    private static Cluster cluster;
    private static byte[] publicKey;
    private static Map<Integer, SealedShare> sealedShares = new java.util.TreeMap<>();

    @BeforeAll
    static void startFiveEnclavesAndRunADkg() throws Exception {
        cluster = new Cluster(5);
        String request = cluster.nextRequestId();
        Relay.Outcome dkg = cluster.relay.run(Cluster.sessionId(Protocol.DKG, WALLET, 3, 5, ALL, request),
                cluster.starts(Protocol.DKG, WALLET, 3, ALL, request, null, 0), Relay.HONEST);
        assertFalse(dkg.anyError(), () -> "DKG failed: " + dkg.responses());
        SealedShare first = dkg.responses().get(1).getStep().getSealedShare();
        publicKey = first.getPublicKey().toByteArray();
        ByteString digest = dkg.responses().get(1).getStep().getFinalBroadcastDigest();
        assertEquals(32, digest.size());
        for (int party : ALL) {
            SealedShare sealed = dkg.responses().get(party).getStep().getSealedShare();
            assertEquals(WALLET, sealed.getWalletId());
            assertEquals("node-" + party, sealed.getNodeId());
            assertEquals(1, sealed.getShareVersion());
            assertArrayEquals(publicKey, sealed.getPublicKey().toByteArray());
            assertTrue(sealed.getCiphertext().size() > 29, "sealed share is empty");
            assertTrue(sealed.getGovernance().isEmpty(), "an ungoverned DKG seals no governance");
            assertEquals(first.getChainCode(), sealed.getChainCode());
            assertEquals(32, sealed.getChainCode().size());
            assertEquals(digest, dkg.responses().get(party).getStep().getFinalBroadcastDigest());
            sealedShares.put(party, sealed);
        }
    }

    @AfterAll
    static void stopEnclaves() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void everyEnclaveIsStillUpAndReady() throws Exception {
        for (int party : ALL) {
            assertTrue(cluster.enclaves.get(party).isAlive(), "enclave " + party + " died");
            assertEquals(EnclaveState.ENCLAVE_STATE_READY, cluster.status(party).getState());
        }
    }

    private static Relay.Outcome sign(int[] quorum, byte[] hash, Relay.Hook hook) throws Exception {
        String request = cluster.nextRequestId();
        return cluster.relay.run(Cluster.sessionId(Protocol.SIGN, WALLET, 3, 5, quorum, request),
                cluster.starts(Protocol.SIGN, WALLET, 3, quorum, request, hash, 1), hook);
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        Cluster.RANDOM.nextBytes(hash);
        return hash;
    }

    @Test
    void severalQuorumsSignAndEverySignatureVerifiesIndependently() throws Exception {
        for (int[] quorum : new int[][] {{1, 2, 3}, {2, 4, 5}, {1, 3, 5}, {3, 4, 5}}) {
            byte[] hash = randomHash();
            Relay.Outcome outcome = sign(quorum, hash, Relay.HONEST);
            assertFalse(outcome.anyError(), () -> "signing failed: " + outcome.responses());
            for (Response response : outcome.responses().values()) {
                assertTrue(verifies(hash, response.getStep().getSignature()), "BouncyCastle rejects the signature");
            }
        }
    }

    @Test
    void aFlippedBitIsRefusedAndNothingIsSigned() throws Exception {
        Relay.Outcome outcome = sign(new int[] {1, 2, 3}, randomHash(), (step, to, envelopes) -> {
            if (step != 2 || to != 2) {
                return envelopes;
            }
            List<PeerEnvelope> out = new ArrayList<>(envelopes);
            byte[] payload = out.getFirst().getPayload().toByteArray();
            payload[payload.length / 2] ^= 0x10;
            out.set(0, out.getFirst().toBuilder().setPayload(ByteString.copyFrom(payload)).build());
            return out;
        });
        Response refused = outcome.responses().get(2);
        assertEquals(ErrorCode.ERROR_CODE_SESSION_ABORTED, refused.getError().getCode());
        assertTrue(refused.getError().getCulprit() == 1 || refused.getError().getCulprit() == 3);
        assertNoSignature(outcome);
    }

    @Test
    void aDroppedMessageEndsTheSessionWithoutASignature() throws Exception {
        Relay.Outcome outcome = sign(new int[] {1, 2, 3}, randomHash(),
                (step, to, envelopes) -> step == 3 && to == 3 ? envelopes.subList(1, envelopes.size()) : envelopes);
        assertEquals(ErrorCode.ERROR_CODE_SESSION_ABORTED, outcome.responses().get(3).getError().getCode());
        assertNoSignature(outcome);
    }

    @Test
    void duplicatedAndReorderedMessagesStillSign() throws Exception {
        byte[] hash = randomHash();
        Relay.Outcome outcome = sign(new int[] {2, 3, 4}, hash, (step, to, envelopes) -> {
            List<PeerEnvelope> messy = new ArrayList<>(envelopes);
            messy.addAll(envelopes);
            Collections.reverse(messy);
            return messy;
        });
        assertFalse(outcome.anyError(), () -> "signing failed: " + outcome.responses());
        assertTrue(verifies(hash, outcome.responses().get(2).getStep().getSignature()));
    }

    @Test
    void messagesReplayedFromAnEarlierSessionAreNotAccepted() throws Exception {
        Relay.Outcome earlier = sign(new int[] {1, 2, 3}, randomHash(), Relay.HONEST);
        Relay.Outcome outcome = sign(new int[] {1, 2, 3}, randomHash(), (step, to, envelopes) -> step == 2
                ? Relay.inboxOf(earlier.relayed().stream().filter(e -> e.getPhase() == 1).toList(), to)
                : envelopes);
        assertEquals(ErrorCode.ERROR_CODE_SESSION_ABORTED, outcome.responses().get(1).getError().getCode());
        assertNoSignature(outcome);
    }

    @Test
    void aBroadcastShownDifferentlyToOneParty() throws Exception {
        // The last phase's broadcasts: party 3 gets a different version of party 1's.
        byte[] hash = randomHash();
        Relay.Outcome outcome = sign(new int[] {1, 2, 3}, hash, (step, to, envelopes) -> step == 4 && to == 3
                ? envelopes.stream().map(e -> e.getSender() == 1 ? flipLastByte(e) : e).toList()
                : envelopes);
        assertEquals(ErrorCode.ERROR_CODE_SESSION_ABORTED, outcome.responses().get(3).getError().getCode());
        assertEquals(1, outcome.responses().get(3).getError().getCulprit());
        // Parties 1 and 2 saw the true broadcasts; what they produced is the one valid signature.
        for (int party : new int[] {1, 2}) {
            Response response = outcome.responses().get(party);
            assertTrue(!response.hasStep() || verifies(hash, response.getStep().getSignature()));
        }
    }

    @Test
    void aPeerAttestedByAnUnknownRootIsRefused() throws Exception {
        assertRosterRefused(RogueAttestors.unknownRoot(Measurements.ofThisEnclave(), Cluster.nodeId(2)));
    }

    @Test
    void aPeerWithAnotherPcr0IsRefused() throws Exception {
        assertRosterRefused(RogueAttestors.otherBuild(Measurements.ofThisEnclave(), Cluster.nodeId(2)));
    }

    @Test
    void aPeerThatAttestsNoNodeIsRefused() throws Exception {
        String error = assertRosterRefused(RogueAttestors.withoutNodeIdentity(Measurements.ofThisEnclave()));
        assertTrue(error.contains("PCR16 absent"), error);
    }

    /** Party 2's genuine document, but the roster says it is node-4: its PCR16 says otherwise. */
    @Test
    void aRosterEntryNamingAnotherNodeThanItsAttestationIsRefused() throws Exception {
        String error = assertRosterEntryRefused(peer -> peer.toBuilder().setNodeId(Cluster.nodeId(4)).build());
        assertTrue(error.contains("does not attest node 'node-4'"), error);
    }

    /** A host running two enclaves of one node cannot seat them as two parties. */
    @Test
    void aNodeCannotBeTwoPartiesOfASession() throws Exception {
        String asSelf = assertRosterEntryRefused(peer -> peer.toBuilder().setNodeId(Cluster.nodeId(1))
                .setAttestationDocument(ByteString.copyFrom(cluster.documents.get(1))).build());
        assertTrue(asSelf.contains("already in the session (this enclave)"), asSelf);
        String asOther = assertRosterEntryRefused(peer -> peer.toBuilder().setNodeId(Cluster.nodeId(3))
                .setAttestationDocument(ByteString.copyFrom(cluster.documents.get(3))).build());
        assertTrue(asOther.contains("already in the session"), asOther);
    }

    @Test
    void aRosterEntryWithoutANodeIsRefused() throws Exception {
        String error = assertRosterEntryRefused(peer -> peer.toBuilder().clearNodeId().build());
        assertTrue(error.contains("names no node"), error);
    }

    @Test
    void aSessionStartForAnotherNodeIsRefusedAndEachEnclaveReportsItsNode() throws Exception {
        int[] quorum = {1, 2, 3};
        String request = cluster.nextRequestId();
        Map<Integer, SessionStart> starts = new java.util.TreeMap<>(
                cluster.starts(Protocol.SIGN, WALLET, 3, quorum, request, randomHash(), 1));
        starts.put(1, starts.get(1).toBuilder().setNodeId(Cluster.nodeId(2)).build());
        Relay.Outcome outcome = cluster.relay.run(Cluster.sessionId(Protocol.SIGN, WALLET, 3, 5, quorum, request),
                starts, Relay.HONEST);
        Response refused = outcome.responses().get(1);
        assertEquals(ErrorCode.ERROR_CODE_SESSION_REFUSED, refused.getError().getCode());
        assertTrue(refused.getError().getMessage().contains("this enclave is node 'node-1'"),
                refused.getError().getMessage());
        for (int party : ALL) {
            assertEquals(Cluster.nodeId(party), cluster.status(party).getNodeId());
        }
    }

    private static String assertRosterRefused(io.custody.enclave.attest.Attestor rogue) throws Exception {
        byte[] rogueDocument = rogue.attest(new byte[32], new byte[64], new byte[] {1});
        return assertRosterEntryRefused(peer -> peer.toBuilder()
                .setAttestationDocument(ByteString.copyFrom(rogueDocument)).build());
    }

    /** Party 1 of a {1, 2, 3} signing session gets its roster entry for party 2 edited; returns the error. */
    private static String assertRosterEntryRefused(java.util.function.UnaryOperator<Peer> edit) throws Exception {
        int[] quorum = {1, 2, 3};
        String request = cluster.nextRequestId();
        Map<Integer, SessionStart> starts = new java.util.TreeMap<>(
                cluster.starts(Protocol.SIGN, WALLET, 3, quorum, request, randomHash(), 1));
        SessionStart start = starts.get(1);
        List<Peer> roster = new ArrayList<>(start.getRosterList());
        assertEquals(2, roster.getFirst().getPartyIndex());
        roster.set(0, edit.apply(roster.getFirst()));
        starts.put(1, start.toBuilder().clearRoster().addAllRoster(roster).build());
        Relay.Outcome outcome = cluster.relay.run(Cluster.sessionId(Protocol.SIGN, WALLET, 3, 5, quorum, request),
                starts, Relay.HONEST);
        assertEquals(1, outcome.lastStep());
        assertEquals(ErrorCode.ERROR_CODE_SESSION_REFUSED, outcome.responses().get(1).getError().getCode());
        return outcome.responses().get(1).getError().getMessage();
    }

    @Test
    void aSessionIdIsNeverRunTwice() throws Exception {
        int[] quorum = {1, 2, 3};
        String request = cluster.nextRequestId();
        byte[] sessionId = Cluster.sessionId(Protocol.SIGN, WALLET, 3, 5, quorum, request);
        Map<Integer, SessionStart> starts = cluster.starts(Protocol.SIGN, WALLET, 3, quorum, request, randomHash(), 1);
        assertFalse(cluster.relay.run(sessionId, starts, Relay.HONEST).anyError());
        Relay.Outcome again = cluster.relay.run(sessionId, starts, Relay.HONEST);
        for (int party : quorum) {
            assertEquals(ErrorCode.ERROR_CODE_SESSION_REFUSED, again.responses().get(party).getError().getCode());
        }
    }

    @Test
    void aFrameOverTheCapClosesOnlyThatConnection() throws Exception {
        EnclaveProcess enclave = cluster.enclaves.get(4);
        enclave.writeRaw(ByteBuffer.allocate(4).putInt(64 * 1024 * 1024).array());
        assertTrue(enclave.closedByEnclave(Duration.ofSeconds(10)), "the enclave kept reading an oversized frame");
        enclave.reconnect();
    }

    @Test
    void garbageFramesCloseOnlyThatConnection() throws Exception {
        EnclaveProcess enclave = cluster.enclaves.get(5);
        byte[] garbage = new byte[64];
        Cluster.RANDOM.nextBytes(garbage);
        enclave.writeRaw(ByteBuffer.allocate(4 + garbage.length).putInt(garbage.length).put(garbage).array());
        assertTrue(enclave.closedByEnclave(Duration.ofSeconds(10)), "the enclave accepted a garbage frame");
        enclave.reconnect();
    }

    @Test
    void aSealedShareOpensAgainOnlyUnchangedAndOnlyWithItsDataKey() throws Exception {
        SealedShare sealed = sealedShares.get(2);
        byte[] dataKey = cluster.dataKeyFor(2, sealed.getWrappedDataKey());
        Response opened = openShare(2, sealed, dataKey);
        assertArrayEquals(publicKey, opened.getOpenShare().getPublicKey().toByteArray());
        assertTrue(opened.getOpenShare().getEthereumAddress().startsWith("0x"));
        assertEquals(sealed.getChainCode(), opened.getOpenShare().getChainCode());

        byte[] flipped = sealed.getCiphertext().toByteArray();
        flipped[flipped.length / 2] ^= 1;
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(2, sealed.toBuilder()
                .setCiphertext(ByteString.copyFrom(flipped)).build(), dataKey).getError().getCode());
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(2, sealed.toBuilder()
                .setWalletId("another-wallet").build(), dataKey).getError().getCode());
        Response asNodeThree = openShare(2, sealed.toBuilder().setNodeId("node-3").build(), dataKey);
        assertEquals(ErrorCode.ERROR_CODE_SEALING, asNodeThree.getError().getCode());
        assertTrue(asNodeThree.getError().getMessage().contains("belongs to node 'node-3'"),
                asNodeThree.getError().getMessage());
        // The data key encrypted to another enclave's RSA key does not open here.
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(2, sealed,
                cluster.dataKeyFor(3, sealed.getWrappedDataKey())).getError().getCode());
    }

    /**
     * Node 2's share taken to node 3's enclave, with its data key encrypted to that enclave (as a
     * KMS that released it would): refused for its node before anything is opened.
     */
    @Test
    void anEnclaveOpensNoShareOfAnotherNodeEvenWithADataKeyForItself() throws Exception {
        SealedShare nodeTwos = sealedShares.get(2);
        Response refused = openShare(3, nodeTwos, cluster.dataKeyFor(3, nodeTwos.getWrappedDataKey()));
        assertEquals(ErrorCode.ERROR_CODE_SEALING, refused.getError().getCode());
        assertEquals("the share belongs to node 'node-2'; this enclave is node 'node-3' and opens only its own"
                + " node's shares; nothing was opened", refused.getError().getMessage());
        assertEquals(ErrorCode.ERROR_CODE_SEALING, openShare(3, nodeTwos.toBuilder().setNodeId("node-3").build(),
                cluster.dataKeyFor(3, nodeTwos.getWrappedDataKey())).getError().getCode()); // relabelled: AAD
    }

    private static Response openShare(int party, SealedShare sealed, byte[] dataKeyForRecipient) throws Exception {
        return cluster.enclaves.get(party).call(io.custody.proto.enclave.v1.Request.newBuilder()
                .setOpenShare(io.custody.proto.enclave.v1.OpenShareRequest.newBuilder()
                        .setSealedShare(sealed)
                        .setDataKeyForRecipient(ByteString.copyFrom(dataKeyForRecipient)))
                .build());
    }

    private static PeerEnvelope flipLastByte(PeerEnvelope envelope) {
        byte[] payload = envelope.getPayload().toByteArray();
        payload[payload.length - 1] ^= 1;
        return envelope.toBuilder().setPayload(ByteString.copyFrom(payload)).build();
    }

    private static void assertNoSignature(Relay.Outcome outcome) {
        outcome.responses().values().forEach(r -> assertFalse(r.hasStep() && r.getStep().hasSignature(),
                "a signature came out of a tampered session"));
    }

    private static boolean verifies(byte[] hash, io.custody.proto.enclave.v1.Signature signature) {
        return IndependentCheck.verifies(publicKey, hash, signature.getR().toByteArray(), signature.getS().toByteArray());
    }
}

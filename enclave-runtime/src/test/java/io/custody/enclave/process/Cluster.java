package io.custody.enclave.process;

import com.google.protobuf.ByteString;
import io.custody.enclave.attest.AttestationVerifier;
import io.custody.enclave.attest.VerificationPolicy;
import io.custody.enclave.mpc.Protocol;
import io.custody.enclave.mpc.SessionParameters;
import io.custody.enclave.seal.KmsEnvelopes;
import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.Peer;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.SessionStart;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.enclave.v1.StatusResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Five enclave processes, their attestations, and the session starts a signer fleet would send.
 * It plays KMS too: data keys are wrapped to each enclave's attested RSA key exactly as
 * {@code GenerateDataKey} with {@code Recipient} does.
 */
final class Cluster implements AutoCloseable {
    static final SecureRandom RANDOM = new SecureRandom();

    final Map<Integer, EnclaveProcess> enclaves = new TreeMap<>();
    final Map<Integer, byte[]> documents = new HashMap<>();
    /** The data keys this fake KMS handed out, by "wrapped blob" — the real KMS keeps them too. */
    final Map<String, byte[]> dataKeys = new java.util.concurrent.ConcurrentHashMap<>();
    final Relay relay;
    private final Path directory;
    private int requests;

    Cluster(int size) throws Exception {
        directory = Files.createTempDirectory("enclaves");
        try (var starter = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Integer, Future<EnclaveProcess>> starting = new TreeMap<>();
            for (int party = 1; party <= size; party++) {
                String name = "enclave-" + party;
                String node = nodeId(party);
                starting.put(party, starter.submit(() -> EnclaveProcess.start(directory, name, node)));
            }
            for (var entry : starting.entrySet()) {
                enclaves.put(entry.getKey(), entry.getValue().get());
            }
        }
        for (int party : enclaves.keySet()) {
            documents.put(party, attest(party));
        }
        relay = new Relay(enclaves);
    }

    /** The node whose enclave is party {@code party} (its --node-id). */
    static String nodeId(int party) {
        return "node-" + party;
    }

    byte[] attest(int party) throws Exception {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        Response response = enclaves.get(party).call(Request.newBuilder()
                .setAttest(AttestRequest.newBuilder().setNonce(ByteString.copyFrom(nonce))).build());
        return response.getAttest().getDocument().toByteArray();
    }

    StatusResponse status(int party) throws Exception {
        return enclaves.get(party).call(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build())
                .getStatus();
    }

    /** The RSA key KMS would encrypt to, taken from the enclave's verified attestation. */
    PublicKey recipientKey(int party) throws Exception {
        VerificationPolicy policy = VerificationPolicy.builder().enableInsecureDevMode()
                .allowPcr(0, status(party).getPcr0().toByteArray()).build();
        byte[] spki = new AttestationVerifier(policy).verify(documents.get(party), null).publicKey();
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** "KMS Decrypt with Recipient": the data key of {@code wrappedBlob}, encrypted to {@code party}. */
    byte[] dataKeyFor(int party, ByteString wrappedBlob) throws Exception {
        return KmsEnvelopes.kms(recipientKey(party), dataKeys.get(wrappedBlob.toStringUtf8()));
    }

    String nextRequestId() {
        return "request-" + (++requests);
    }

    /** Session starts for every party of {@code parties}; DKG and refresh get data keys via "KMS". */
    Map<Integer, SessionStart> starts(Protocol protocol, String walletId, int threshold, int[] parties,
                                      String requestId, byte[] messageHash, int shareVersion) throws Exception {
        Map<Integer, SessionStart> starts = new TreeMap<>();
        for (int self : parties) {
            List<Peer> roster = new ArrayList<>();
            for (int other : parties) {
                if (other != self) {
                    roster.add(Peer.newBuilder().setPartyIndex(other).setNodeId(nodeId(other))
                            .setAttestationDocument(ByteString.copyFrom(documents.get(other))).build());
                }
            }
            SessionStart.Builder start = SessionStart.newBuilder()
                    .setProtocol(io.custody.proto.enclave.v1.Protocol.forNumber(protocol.code()))
                    .setWalletId(walletId)
                    .setThreshold(threshold)
                    .setShareCount(enclaves.size())
                    .setSelfIndex(self)
                    .addAllParties(java.util.Arrays.stream(parties).boxed().toList())
                    .setRequestId(requestId)
                    .addAllRoster(roster)
                    .setShareVersion(shareVersion)
                    .setNodeId(nodeId(self));
            if (messageHash != null) {
                start.setMessageHash(ByteString.copyFrom(messageHash));
            }
            if (protocol != Protocol.SIGN) {
                byte[] dataKey = new byte[32];
                RANDOM.nextBytes(dataKey);
                String blob = "kms-blob-" + requestId + "-node-" + self;
                dataKeys.put(blob, dataKey);
                start.setDataKeyForRecipient(ByteString.copyFrom(KmsEnvelopes.kms(recipientKey(self), dataKey)))
                        .setWrappedDataKey(ByteString.copyFromUtf8(blob));
            }
            starts.put(self, start.build());
        }
        return starts;
    }

    static byte[] sessionId(Protocol protocol, String walletId, int threshold, int shareCount, int[] parties,
                            String requestId) {
        return new SessionParameters(protocol, walletId, threshold, shareCount, parties[0], parties, requestId)
                .sessionId();
    }

    @Override
    public void close() throws Exception {
        for (EnclaveProcess enclave : enclaves.values()) {
            enclave.close();
        }
        try (var files = Files.list(directory)) {
            files.forEach(file -> file.toFile().delete());
        }
        Files.deleteIfExists(directory);
    }
}

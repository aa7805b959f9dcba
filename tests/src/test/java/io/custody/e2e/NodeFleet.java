package io.custody.e2e;

import com.google.protobuf.ByteString;
import io.custody.enclave.process.EnclaveProcess;
import io.custody.proto.enclave.v1.AttestRequest;
import io.custody.proto.enclave.v1.Peer;
import io.custody.proto.enclave.v1.Request;
import io.custody.proto.enclave.v1.Response;
import io.custody.proto.enclave.v1.StatusRequest;
import io.custody.proto.enclave.v1.StatusResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The enclaves of n signer nodes (real enclave-runtime processes on Unix sockets) and their
 * current attestation documents. {@link #restart()} replaces every process: new keys, new
 * documents, nothing in memory survives.
 */
final class NodeFleet implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int size;
    private final Path directory;
    final Map<Integer, EnclaveProcess> enclaves = new TreeMap<>();
    final Map<Integer, byte[]> documents = new TreeMap<>();
    private int generation;

    NodeFleet(int size) throws Exception {
        this.size = size;
        this.directory = Files.createTempDirectory("custody-nodes");
        start();
    }

    static String nodeId(int party) {
        return "node-" + party;
    }

    void restart() throws Exception {
        stop();
        start();
    }

    private void start() throws Exception {
        generation++;
        try (var starter = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Integer, Future<EnclaveProcess>> starting = new TreeMap<>();
            for (int party = 1; party <= size; party++) {
                String name = "enclave-" + party + "-gen" + generation;
                String node = nodeId(party);
                starting.put(party, starter.submit(() -> EnclaveProcess.start(directory, name, node)));
            }
            for (var entry : starting.entrySet()) {
                enclaves.put(entry.getKey(), entry.getValue().get());
            }
        }
        for (int party = 1; party <= size; party++) {
            documents.put(party, attest(party));
        }
    }

    /** The Unix socket of {@code party}'s current enclave process. */
    Path socket(int party) {
        return directory.resolve("enclave-" + party + "-gen" + generation + ".sock");
    }

    byte[] attest(int party) throws Exception {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return call(party, Request.newBuilder()
                .setAttest(AttestRequest.newBuilder().setNonce(ByteString.copyFrom(nonce))).build())
                .getAttest().getDocument().toByteArray();
    }

    StatusResponse status(int party) throws Exception {
        return call(party, Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build()).getStatus();
    }

    Response call(int party, Request request) throws Exception {
        return enclaves.get(party).call(request);
    }

    /** Every other party of {@code parties}, with its current attestation document. */
    List<Peer> roster(int self, int[] parties) {
        List<Peer> roster = new ArrayList<>();
        for (int other : parties) {
            if (other != self) {
                roster.add(Peer.newBuilder().setPartyIndex(other).setNodeId(nodeId(other))
                        .setAttestationDocument(ByteString.copyFrom(documents.get(other))).build());
            }
        }
        return roster;
    }

    private void stop() throws Exception {
        for (EnclaveProcess enclave : enclaves.values()) {
            enclave.close();
        }
        enclaves.clear();
        documents.clear();
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.list(directory)) {
            files.forEach(file -> file.toFile().delete());
        }
        Files.deleteIfExists(directory);
    }
}

package io.custody.control.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.custody.control.testing.ControlPlaneFixture;
import io.custody.control.testing.TestKeys;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.ApiClient;
import io.custody.proto.admin.v1.ApiClientState;
import io.custody.proto.admin.v1.AuditEvent;
import io.custody.proto.admin.v1.GetNodeRequest;
import io.custody.proto.admin.v1.ListApiClientsRequest;
import io.custody.proto.admin.v1.ListApiClientsResponse;
import io.custody.proto.admin.v1.ListAuditEventsRequest;
import io.custody.proto.admin.v1.ListAuditEventsResponse;
import io.custody.proto.admin.v1.ListNodesRequest;
import io.custody.proto.admin.v1.Node;
import io.custody.proto.admin.v1.NodeHealth;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import io.custody.proto.admin.v1.RevokeApiClientRequest;
import io.custody.proto.admin.v1.VerifyAuditChainRequest;
import io.custody.proto.admin.v1.VerifyAuditChainResponse;
import io.custody.proto.enclave.v1.EnclaveState;
import io.custody.proto.mpc.v1.Heartbeat;
import io.custody.proto.nats.NatsSubjects;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AdminService through the generated client: API clients, nodes from heartbeats, the audit log. */
class AdminApiTest {
    private static ControlPlaneFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ControlPlaneFixture.start(true);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void registerListAndRevokeApiClients() throws Exception {
        TestKeys k1 = TestKeys.ed25519();
        TestKeys k2 = TestKeys.p256();
        RegisterApiClientRequest request = fixture.admin.sign(AdminServiceGrpc.getRegisterApiClientMethod(),
                RegisterApiClientRequest.newBuilder().setIdempotencyKey("reg-1").setDisplayName("treasury")
                        .addKeys(k1.publicKey()).addKeys(k2.publicKey()).build());
        ApiClient client = fixture.admin().registerApiClient(request).getApiClient();
        assertEquals(ApiClientState.API_CLIENT_STATE_ACTIVE, client.getState());
        assertEquals(List.of(k1.publicKey(), k2.publicKey()), client.getKeysList());
        assertEquals(client, fixture.admin().registerApiClient(request).getApiClient(), "idempotent");

        StatusRuntimeException taken = assertThrows(StatusRuntimeException.class, () -> fixture.admin()
                .registerApiClient(fixture.admin.sign(AdminServiceGrpc.getRegisterApiClientMethod(),
                        RegisterApiClientRequest.newBuilder().setIdempotencyKey("reg-2").addKeys(k1.publicKey()).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, taken.getStatus().getCode(), "a key is registered once");
        StatusRuntimeException wrongId = assertThrows(StatusRuntimeException.class, () -> fixture.admin()
                .registerApiClient(fixture.admin.sign(AdminServiceGrpc.getRegisterApiClientMethod(),
                        RegisterApiClientRequest.newBuilder().setIdempotencyKey("reg-3")
                                .addKeys(TestKeys.ed25519().publicKey().toBuilder().setKeyId("sha256:00")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, wrongId.getStatus().getCode());

        for (int i = 0; i < 3; i++) {
            fixture.register("client-" + i, TestKeys.ed25519());
        }
        List<ApiClient> all = new ArrayList<>();
        String token = "";
        do {
            ListApiClientsResponse page = fixture.admin().listApiClients(ListApiClientsRequest.newBuilder()
                    .setPageSize(2).setPageToken(token).build());
            all.addAll(page.getApiClientsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertEquals(4, all.size());
        assertEquals(client.getClientId(), all.getFirst().getClientId(), "oldest first");

        ApiClient revoked = fixture.admin().revokeApiClient(fixture.admin.sign(AdminServiceGrpc.getRevokeApiClientMethod(),
                RevokeApiClientRequest.newBuilder().setIdempotencyKey("rev-1").setClientId(client.getClientId())
                        .setReason("rotated").build())).getApiClient();
        assertEquals(ApiClientState.API_CLIENT_STATE_REVOKED, revoked.getState());
        assertEquals("rotated", revoked.getRevokeReason());
        assertTrue(revoked.hasRevokeTime());
        StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> fixture.admin()
                .revokeApiClient(fixture.admin.sign(AdminServiceGrpc.getRevokeApiClientMethod(),
                        RevokeApiClientRequest.newBuilder().setIdempotencyKey("rev-2")
                                .setClientId(client.getClientId()).build())));
        assertEquals(Status.Code.FAILED_PRECONDITION, again.getStatus().getCode());
        assertEquals(3, fixture.admin().listApiClients(ListApiClientsRequest.getDefaultInstance()).getApiClientsCount());
        assertEquals(4, fixture.admin().listApiClients(ListApiClientsRequest.newBuilder().setIncludeRevoked(true)
                .build()).getApiClientsCount());
    }

    @Test
    void nodesReadTheirHealthFromHeartbeats() throws Exception {
        List<Node> before = fixture.admin().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
        assertEquals(ControlPlaneFixture.NODES, before.stream().map(Node::getNodeId).toList());
        try (Connection s1 = fixture.nats.connect("s1"); Connection s2 = fixture.nats.connect("s2")) {
            s1.publish(NatsSubjects.healthSubject("s1"), Heartbeat.newBuilder().setNodeId("s1").setFreeSessionSlots(7)
                    .setEnclaveState(EnclaveState.ENCLAVE_STATE_READY).setEnclavePcr0(ByteString.copyFrom(new byte[48]))
                    .setUnixMillis(System.currentTimeMillis()).build().toByteArray());
            s2.publish(NatsSubjects.healthSubject("s2"), Heartbeat.newBuilder().setNodeId("s2")
                    .setEnclaveState(EnclaveState.ENCLAVE_STATE_UNRECOVERABLE).build().toByteArray());
            s1.flush(java.time.Duration.ofSeconds(2));
            s2.flush(java.time.Duration.ofSeconds(2));
            long until = System.nanoTime() + 5_000_000_000L;
            Node n1;
            do {
                Thread.sleep(50);
                n1 = fixture.admin().getNode(GetNodeRequest.newBuilder().setNodeId("s1").build()).getNode();
            } while (n1.getHealth() != NodeHealth.NODE_HEALTH_HEALTHY && System.nanoTime() < until);
            assertEquals(NodeHealth.NODE_HEALTH_HEALTHY, n1.getHealth());
            assertEquals(7, n1.getFreeSessionSlots());
            assertEquals(48, n1.getEnclavePcr0().size());
            assertTrue(n1.hasLastHeartbeatTime());
            Node n2 = fixture.admin().getNode(GetNodeRequest.newBuilder().setNodeId("s2").build()).getNode();
            assertEquals(NodeHealth.NODE_HEALTH_ENCLAVE_FAILED, n2.getHealth());
            Node n3 = fixture.admin().getNode(GetNodeRequest.newBuilder().setNodeId("s3").build()).getNode();
            assertEquals(NodeHealth.NODE_HEALTH_UNREACHABLE, n3.getHealth());
        }
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> fixture.admin()
                .getNode(GetNodeRequest.newBuilder().setNodeId("s9").build())).getStatus().getCode());
    }

    @Test
    void auditEventsPageInChainOrderAndTheChainVerifies() throws Exception {
        TestKeys k = TestKeys.ed25519();
        fixture.register("audited", k);
        fixture.createWallet(k, false);
        List<AuditEvent> events = new ArrayList<>();
        String token = "";
        do {
            ListAuditEventsResponse page = fixture.admin().listAuditEvents(ListAuditEventsRequest.newBuilder()
                    .setPageSize(3).setPageToken(token).build());
            events.addAll(page.getEventsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertTrue(events.size() >= 6, events.toString());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getSequence());
            if (i > 0) {
                assertEquals(events.get(i - 1).getHash(), events.get(i).getPreviousHash());
            }
        }
        assertTrue(events.stream().anyMatch(e -> e.getAction().equals("api_client.register")
                && e.getActor().startsWith("operator/sha256:")));
        assertTrue(events.stream().anyMatch(e -> e.getAction().equals("wallet.state")
                && e.getDetailsJson().contains("\"to\":\"ACTIVE\"")));

        VerifyAuditChainResponse ok = fixture.admin().verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance());
        assertTrue(ok.getValid(), ok.toString());
        assertEquals(events.getLast().getHash(), ok.getHeadHash());
        long victim = events.get(2).getSequence();
        fixture.database.superuserSql().transaction(c -> {
            c.dsl().execute("set local session_replication_role = replica");
            c.dsl().execute("update audit_events set details_json = '{}' where sequence = ?", victim);
        });
        VerifyAuditChainResponse broken = fixture.admin().verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance());
        assertFalse(broken.getValid());
        assertEquals(victim, broken.getFirstInvalidSequence());
        assertTrue(broken.getFailure().contains("hash mismatch"), broken.getFailure());
        fixture.database.superuserSql().transaction(c -> { // put it back for the other tests
            c.dsl().execute("set local session_replication_role = replica");
            c.dsl().execute("update audit_events set details_json = ? where sequence = ?",
                    events.get(2).getDetailsJson(), victim);
        });
        assertTrue(fixture.admin().verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance()).getValid());
    }
}

package io.custody.proto.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.ListNodesRequest;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.GetWalletRequest;
import io.custody.proto.v1.GetWalletResponse;
import io.custody.proto.v1.RawDigest;
import io.custody.proto.v1.SignDigestRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletState;
import io.custody.proto.v1.WatchSigningRequestRequest;
import io.custody.proto.v1.WatchSigningRequestResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generated stubs work on the grpc-java runtime the build uses (the generator is Debian's
 * grpc_java_plugin, older than the runtime): a unary call, a server stream, and the default
 * UNIMPLEMENTED answer of a method a server does not override, in process.
 */
class GrpcStubsTest {

    private static final List<SigningRequestState> LIFE = List.of(
            SigningRequestState.SIGNING_REQUEST_STATE_RECEIVED,
            SigningRequestState.SIGNING_REQUEST_STATE_QUEUED,
            SigningRequestState.SIGNING_REQUEST_STATE_SIGNING,
            SigningRequestState.SIGNING_REQUEST_STATE_SIGNED);

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new OneWallet())
                .addService(new AdminServiceGrpc.AdminServiceImplBase() {})
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void unaryCallRoundTrips() {
        GetWalletResponse response = CustodyServiceGrpc.newBlockingStub(channel)
                .getWallet(GetWalletRequest.newBuilder().setWalletId("w-1").build());
        assertEquals("w-1", response.getWallet().getWalletId());
        assertEquals(WalletState.WALLET_STATE_ACTIVE, response.getWallet().getState());
    }

    @Test
    void serverStreamDeliversEveryStateThenEnds() {
        List<SigningRequestState> seen = new ArrayList<>();
        CustodyServiceGrpc.newBlockingStub(channel)
                .watchSigningRequest(WatchSigningRequestRequest.newBuilder().setRequestId("r-1").build())
                .forEachRemaining(message -> seen.add(message.getSigningRequest().getState()));
        assertEquals(LIFE, seen);
    }

    @Test
    void methodsAServerDoesNotImplementAnswerUnimplemented() {
        SignDigestRequest request = SignDigestRequest.newBuilder().setIdempotencyKey("k")
                .setWalletId("w-1").setRawDigest(RawDigest.getDefaultInstance()).build();
        StatusRuntimeException custody = assertThrows(StatusRuntimeException.class,
                () -> CustodyServiceGrpc.newBlockingStub(channel).signDigest(request));
        assertEquals(Status.Code.UNIMPLEMENTED, custody.getStatus().getCode());
        StatusRuntimeException admin = assertThrows(StatusRuntimeException.class,
                () -> AdminServiceGrpc.newBlockingStub(channel).listNodes(ListNodesRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNIMPLEMENTED, admin.getStatus().getCode());
    }

    /** Serves GetWallet and WatchSigningRequest only. */
    private static final class OneWallet extends CustodyServiceGrpc.CustodyServiceImplBase {
        @Override
        public void getWallet(GetWalletRequest request, StreamObserver<GetWalletResponse> answer) {
            answer.onNext(GetWalletResponse.newBuilder().setWallet(Wallet.newBuilder()
                    .setWalletId(request.getWalletId()).setState(WalletState.WALLET_STATE_ACTIVE)).build());
            answer.onCompleted();
        }

        @Override
        public void watchSigningRequest(WatchSigningRequestRequest request,
                StreamObserver<WatchSigningRequestResponse> answer) {
            for (SigningRequestState state : LIFE) {
                answer.onNext(WatchSigningRequestResponse.newBuilder().setSigningRequest(SigningRequest.newBuilder()
                        .setRequestId(request.getRequestId()).setState(state)).build());
            }
            answer.onCompleted();
        }
    }
}

package io.custody.cli.grpc;

import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.ListNodesRequest;
import io.custody.proto.admin.v1.NodeHealth;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A plaintext gRPC channel to a dev cluster's control plane on 127.0.0.1 (no TLS: loopback, DEV ONLY). */
public final class ControlPlaneClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final String address;

    private ControlPlaneClient(ManagedChannel channel, String address) {
        this.channel = channel;
        this.address = address;
    }

    public static ControlPlaneClient loopback(int port) {
        return new ControlPlaneClient(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(),
                "127.0.0.1:" + port);
    }

    /** A plaintext channel to {@code host:port} (no TLS yet: a dev cluster, or behind a trusted tunnel). */
    public static ControlPlaneClient plaintext(String target) {
        return new ControlPlaneClient(NettyChannelBuilder.forTarget(target).usePlaintext().build(), target);
    }

    public String address() {
        return address;
    }

    public CustodyServiceGrpc.CustodyServiceBlockingStub custody(Duration deadline) {
        return CustodyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public AdminServiceGrpc.AdminServiceBlockingStub admin(Duration deadline) {
        return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many nodes the control plane counts as HEALTHY (heartbeats it received); -1 if it does not answer. */
    public int healthyNodes(Duration deadline) {
        try {
            return (int) admin(deadline).listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
                    .filter(n -> n.getHealth() == NodeHealth.NODE_HEALTH_HEALTHY).count();
        } catch (StatusRuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

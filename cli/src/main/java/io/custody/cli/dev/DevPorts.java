package io.custody.cli.dev;

import io.custody.cli.CustodyCliException.MissingPrerequisite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The loopback ports of a dev cluster. Defaults are fixed so logs and docs read the same every time. */
public record DevPorts(int nats, int postgres, int kms, int grpc) {
    public static final int DEFAULT_NATS = 14222;
    public static final int DEFAULT_POSTGRES = 15432;
    public static final int DEFAULT_KMS = 14566;
    public static final int DEFAULT_GRPC = 14443;

    /** Ephemeral ports the kernel hands out now (for tests and parallel clusters). */
    public static DevPorts free() {
        return new DevPorts(freePort(), freePort(), freePort(), freePort());
    }

    /** Every port is free on 127.0.0.1, or a {@link MissingPrerequisite} names the taken one and the fix. */
    void requireFree(boolean embeddedPostgres, boolean controlPlane) {
        requireFree(nats, "nats-server", "--nats-port");
        if (embeddedPostgres) {
            requireFree(postgres, "Postgres", "--pg-port");
        }
        requireFree(kms, "the KMS emulator", "--kms-port");
        if (controlPlane) {
            requireFree(grpc, "the control plane", "--grpc-port");
        }
    }

    private static void requireFree(int port, String who, String flag) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new MissingPrerequisite("port " + port + " for " + who + " is taken on 127.0.0.1 (another dev"
                    + " cluster? `custodyctl dev status`, `custodyctl dev down`): free it, or pick another with "
                    + flag + " N or --free-ports");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.custody.cli;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.dev.ClusterState;
import io.custody.cli.dev.DevLayout;
import io.custody.cli.grpc.RequestKey;
import java.nio.file.Path;

/**
 * Which control plane a client command talks to, and the operator key: given explicitly, or the
 * dev cluster's (its state file: {@code control.grpc.port}, {@code secrets/admin-key.pem}). Shared
 * by {@code bench} and the client commands ({@code client}, {@code wallet}, {@code sign}).
 */
final class ControlPlaneTarget {
    private ControlPlaneTarget() {}

    /** {@code target} when given, else {@code 127.0.0.1:<control.grpc.port>} of the running dev cluster. */
    static String endpoint(DevCommand.Location location, String target) {
        if (target != null) {
            return target;
        }
        DevLayout layout = location.layout();
        return "127.0.0.1:" + running(layout).get(ClusterState.CONTROL_GRPC_PORT).orElseThrow(() -> new ClusterFailure(
                "the dev cluster in " + layout.stateDir() + " runs no control plane"));
    }

    /** The operator key {@code privatePem} (public key: {@code publicPem} or its sibling .pub), else the dev cluster's. */
    static RequestKey operator(DevCommand.Location location, Path privatePem, Path publicPem) {
        if (privatePem != null) {
            return RequestKey.read(privatePem, publicPem != null ? publicPem : RequestKey.publicPathOf(privatePem));
        }
        ClusterState state = running(location.layout());
        return RequestKey.read(Path.of(state.require(ClusterState.ADMIN_KEY)),
                Path.of(state.require(ClusterState.ADMIN_PUBLIC_KEY)));
    }

    private static ClusterState running(DevLayout layout) {
        ClusterState state = ClusterState.load(layout).orElseThrow(() -> new ClusterFailure("no dev cluster recorded in "
                + layout.stateDir() + ": start one with `custodyctl dev up`, or give --target (and --operator-key)"));
        if (state.get(ClusterState.STOPPED).isPresent()) {
            throw new ClusterFailure("the dev cluster in " + layout.stateDir() + " was stopped: `custodyctl dev up`");
        }
        return state;
    }
}

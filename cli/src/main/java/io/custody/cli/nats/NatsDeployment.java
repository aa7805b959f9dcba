package io.custody.cli.nats;

import io.custody.cli.CustodyCliException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one deployment's messaging plane looks like: {@code nodes} signer nodes named
 * {@code s1..sN}, {@code controlPlanes} control-plane instances named {@code control-1..M}, one
 * system administrator {@code sys-admin}, the client port and the JetStream store directory.
 *
 * @param serverVersion the nats-server release the config is for; empty = unknown, so only keys
 *     that every supported release accepts are written
 */
public record NatsDeployment(
        int nodes, int controlPlanes, int port, Path jetStreamDir, Optional<ServerVersion> serverVersion) {

    public static final int MAX_NODES = 64;
    public static final int MAX_CONTROL_PLANES = 16;
    public static final String SYS_ADMIN = "sys-admin";

    public NatsDeployment {
        Objects.requireNonNull(jetStreamDir, "jetStreamDir");
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new CustodyCliException.InvalidDeployment(
                    "--nodes must be between 2 and " + MAX_NODES + ", was " + nodes);
        }
        if (controlPlanes < 1 || controlPlanes > MAX_CONTROL_PLANES) {
            throw new CustodyCliException.InvalidDeployment(
                    "--control-planes must be between 1 and " + MAX_CONTROL_PLANES + ", was " + controlPlanes);
        }
        if (port < 1 || port > 65535) {
            throw new CustodyCliException.InvalidDeployment("--port must be 1..65535, was " + port);
        }
        if (!jetStreamDir.isAbsolute()) {
            throw new CustodyCliException.InvalidDeployment(
                    "--jetstream-dir must be absolute (the server resolves relative paths against its cwd): "
                            + jetStreamDir);
        }
        String dir = jetStreamDir.toString();
        if (dir.contains("\"") || dir.contains("\\") || dir.contains("\n")) {
            throw new CustodyCliException.InvalidDeployment("--jetstream-dir contains a quote, backslash or newline");
        }
    }

    public List<NatsUser> signers() {
        List<NatsUser> users = new ArrayList<>(nodes);
        for (int i = 1; i <= nodes; i++) {
            users.add(new NatsUser("s" + i, NatsAccount.SIGNERS));
        }
        return List.copyOf(users);
    }

    public List<NatsUser> controlPlaneUsers() {
        List<NatsUser> users = new ArrayList<>(controlPlanes);
        for (int i = 1; i <= controlPlanes; i++) {
            users.add(new NatsUser("control-" + i, NatsAccount.CONTROL));
        }
        return List.copyOf(users);
    }

    public NatsUser sysAdmin() {
        return new NatsUser(SYS_ADMIN, NatsAccount.SYS);
    }

    /** Every user, in the order the config lists them: signers, control planes, sys-admin. */
    public List<NatsUser> users() {
        List<NatsUser> all = new ArrayList<>(signers());
        all.addAll(controlPlaneUsers());
        all.add(sysAdmin());
        return List.copyOf(all);
    }

    public List<String> nodeNames() {
        return signers().stream().map(NatsUser::name).toList();
    }
}

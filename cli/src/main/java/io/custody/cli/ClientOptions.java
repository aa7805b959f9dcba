package io.custody.cli;

import io.custody.cli.CustodyCliException.InvalidDeployment;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every client command (client, wallet, sign) shares: where the control plane is. */
final class ClientOptions {
    static final Duration CALL = Duration.ofSeconds(30);

    @Mixin DevCommand.Location location;

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "The control plane's gRPC endpoint, PLAINTEXT only for now (no TLS/mTLS: a dev cluster or a"
                    + " trusted tunnel). Default: the dev cluster's, 127.0.0.1:<control.grpc.port> from its state file.")
    String target;

    ControlPlaneClient connect() {
        return ControlPlaneClient.plaintext(ControlPlaneTarget.endpoint(location, target));
    }

    static RequestKey key(Path privatePem) {
        return RequestKey.read(privatePem, RequestKey.publicPathOf(privatePem));
    }

    /** Where {@code client register} records the client id of {@code privatePem}: {@code NAME.client-id}. */
    static Path clientIdPath(Path privatePem) {
        String name = privatePem.getFileName().toString();
        return privatePem.resolveSibling((name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name)
                + ".client-id");
    }

    /** The given idempotency key, or a fresh one (printed, so the request can be repeated safely). */
    static String idempotencyKey(String given, PrintWriter out) {
        if (given != null) {
            return given;
        }
        String fresh = "custodyctl-" + UUID.randomUUID();
        out.println("idempotency key " + fresh + " (pass it as --idempotency-key to repeat this request safely)");
        out.flush();
        return fresh;
    }

    /** {@code 0/1} → [0, 1]: a non-hardened BIP-32 path below the wallet's key; empty or null → the key itself. */
    static List<Integer> path(String path) {
        List<Integer> indexes = new ArrayList<>();
        if (path == null || path.isEmpty() || path.equals("m")) {
            return indexes;
        }
        for (String part : (path.startsWith("m/") ? path.substring(2) : path).split("/")) {
            try {
                long index = Long.parseLong(part);
                if (index < 0 || index >= 0x8000_0000L) {
                    throw new NumberFormatException();
                }
                indexes.add((int) index);
            } catch (NumberFormatException e) {
                throw new InvalidDeployment("--path " + path + ": each step is a non-hardened index 0.." + 0x7FFF_FFFF
                        + ", separated by /");
            }
        }
        return indexes;
    }

    static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}

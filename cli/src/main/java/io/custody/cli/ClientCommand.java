package io.custody.cli;

import io.custody.cli.CustodyCliException.IoFailure;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.proto.admin.v1.AdminServiceGrpc;
import io.custody.proto.admin.v1.ApiClient;
import io.custody.proto.admin.v1.RegisterApiClientRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custodyctl client}: an API client's Ed25519 request-signing key. */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "An API client's Ed25519 key, which signs every mutating request (CreateWallet, SignMessage, …).",
            "init writes it; register has an operator register it with the control plane."
        },
        subcommands = {ClientCommand.Init.class, ClientCommand.Register.class, CommandLine.HelpCommand.class})
final class ClientCommand {

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Generates an Ed25519 key pair: FILE (PRIVATE KEY PEM, 0600, never overwritten) and its"
                    + " PUBLIC KEY PEM next to it (NAME.pem → NAME.pub).")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Where to write the private key.")
        Path key;

        @Override
        public Integer call() {
            RequestKey generated = RequestKey.generate();
            Path pub = RequestKey.publicPathOf(key);
            generated.write(key, pub);
            PrintWriter out = spec.commandLine().getOut();
            out.println("key id      " + generated.keyId());
            out.println("private key " + key + " (0600)");
            out.println("public key  " + pub);
            out.flush();
            return 0;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Registers the key of FILE as a new API client (RegisterApiClient, signed by the operator key;",
                "default: the dev cluster's). Prints the client id and records it in NAME.client-id next to the key."})
    static final class Register implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ClientOptions options;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The client's private key (client init).")
        Path key;

        @Option(names = "--name", description = "The client's display name (default: custodyctl client).")
        String name = "custodyctl client";

        @Option(names = "--operator-key", paramLabel = "PEM",
                description = "The operator's Ed25519 PRIVATE KEY PEM (default: the dev cluster's secrets/admin-key.pem;"
                        + " its PUBLIC KEY next to it as NAME.pub).")
        Path operatorKey;

        @Option(names = "--idempotency-key", description = "Default: a fresh one, printed.")
        String idempotencyKey;

        @Override
        public Integer call() {
            RequestKey client = ClientOptions.key(key);
            RequestKey operator = ControlPlaneTarget.operator(options.location, operatorKey, null);
            PrintWriter out = spec.commandLine().getOut();
            String idem = ClientOptions.idempotencyKey(idempotencyKey, out);
            try (ControlPlaneClient cp = options.connect()) {
                ApiClient registered = cp.admin(ClientOptions.CALL).registerApiClient(operator.sign(
                        AdminServiceGrpc.getRegisterApiClientMethod(), RegisterApiClientRequest.newBuilder()
                                .setIdempotencyKey(idem).setDisplayName(name).addKeys(client.publicKey()).build()))
                        .getApiClient();
                Path idFile = ClientOptions.clientIdPath(key);
                try {
                    Files.writeString(idFile, registered.getClientId() + "\n", StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new IoFailure("cannot write " + idFile + ": " + e.getMessage(), e);
                }
                out.println("client id   " + registered.getClientId() + " (recorded in " + idFile + ")");
                out.println("state       " + registered.getState().name().replace("API_CLIENT_STATE_", ""));
                out.println("key id      " + client.keyId());
                out.println("at          " + cp.address());
                out.flush();
            }
            return 0;
        }
    }
}

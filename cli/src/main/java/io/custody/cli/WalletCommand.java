package io.custody.cli;

import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.CustodyCliException.InvalidDeployment;
import io.custody.cli.demo.EthereumSignature;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.cli.grpc.Waits;
import io.custody.proto.v1.Address;
import io.custody.proto.v1.AddressFormat;
import io.custody.proto.v1.BitcoinNetwork;
import io.custody.proto.v1.CreateWalletRequest;
import io.custody.proto.v1.Curve;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.DeriveAddressRequest;
import io.custody.proto.v1.GetWalletRequest;
import io.custody.proto.v1.ListWalletsRequest;
import io.custody.proto.v1.ListWalletsResponse;
import io.custody.proto.v1.Operation;
import io.custody.proto.v1.Wallet;
import io.custody.proto.v1.WalletGovernance;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code custodyctl wallet}: create, show, list wallets and derive their addresses. */
@Command(
        name = "wallet",
        mixinStandardHelpOptions = true,
        description = "Wallets through the control plane's CustodyService (plaintext gRPC only for now).",
        subcommands = {WalletCommand.Create.class, WalletCommand.Get.class, WalletCommand.ListCmd.class,
            WalletCommand.AddressCmd.class, CommandLine.HelpCommand.class})
final class WalletCommand {

    static final Metadata.Key<String> CLIENT_ID = Metadata.Key.of("custody-client-id", Metadata.ASCII_STRING_MARSHALLER);

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a secp256k1 wallet governed by the key of FILE (CreateWallet, signed by it): the",
                "control plane runs the DKG on every node; waits for the operation, then prints the wallet."})
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ClientOptions options;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The API client's private key.")
        Path key;

        @Option(names = "--name", description = "Display name (default: none).")
        String name = "";

        @Option(names = "--allow-raw-digest", description = "Let the governing keys sign raw 32-byte digests (SignDigest).")
        boolean allowRawDigest;

        @Option(names = "--idempotency-key", description = "Default: a fresh one, printed.")
        String idempotencyKey;

        @Option(names = "--timeout-s", defaultValue = "180", description = "How long to wait for the DKG (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            RequestKey client = ClientOptions.key(key);
            PrintWriter out = spec.commandLine().getOut();
            String idem = ClientOptions.idempotencyKey(idempotencyKey, out);
            try (ControlPlaneClient cp = options.connect()) {
                long start = System.nanoTime();
                Operation started = cp.custody(ClientOptions.CALL).createWallet(client.sign(
                        CustodyServiceGrpc.getCreateWalletMethod(), CreateWalletRequest.newBuilder()
                                .setIdempotencyKey(idem).setDisplayName(name).setCurve(Curve.CURVE_SECP256K1)
                                .setGovernance(WalletGovernance.newBuilder().addSigningKeys(client.publicKey())
                                        .setAllowRawDigestSigning(allowRawDigest))
                                .build()));
                out.print("wallet " + started.getWalletId() + ": operation " + started.getName()
                        + " (DKG on every node, then activation) …");
                out.flush();
                Operation done = Waits.operation(() -> cp.custody(ClientOptions.CALL), started.getName(),
                        Duration.ofSeconds(timeoutSeconds), op -> { });
                if (!done.hasWallet()) {
                    out.println(" FAILED");
                    out.flush();
                    throw new ClusterFailure("CreateWallet " + started.getName() + " failed: code "
                            + done.getError().getCode() + ", " + done.getError().getMessage()
                            + (done.getError().getCorrelationId().isEmpty() ? ""
                                    : " (correlation id " + done.getError().getCorrelationId() + ")"));
                }
                out.println(String.format(Locale.ROOT, " done (%.1f s)", (System.nanoTime() - start) / 1e9));
                print(out, done.getWallet());
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One wallet (GetWallet).")
    static final class Get implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ClientOptions options;

        @Parameters(paramLabel = "WALLET_ID")
        String walletId;

        @Override
        public Integer call() {
            try (ControlPlaneClient cp = options.connect()) {
                print(spec.commandLine().getOut(), cp.custody(ClientOptions.CALL).getWallet(
                        GetWalletRequest.newBuilder().setWalletId(walletId).build()).getWallet());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"The wallets governed by a client's keys (ListWallets, every page), one line each.",
                "The caller is named by the custody-client-id header, as Envoy sets it behind mTLS: --client-id,",
                "or the id client register recorded next to --key."})
    static final class ListCmd implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ClientOptions options;

        @Option(names = "--client-id", description = "The API client's id.")
        String clientId;

        @Option(names = "--key", paramLabel = "FILE", description = "Read the client id from NAME.client-id next to FILE.")
        Path key;

        @Override
        public Integer call() {
            String caller = clientId != null ? clientId : key != null ? readClientId(key) : null;
            if (caller == null) {
                throw new InvalidDeployment("wallet list needs --client-id or --key (of a registered client)");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ControlPlaneClient cp = options.connect()) {
                Metadata headers = new Metadata();
                headers.put(CLIENT_ID, caller);
                String token = "";
                int count = 0;
                do {
                    ListWalletsResponse page = cp.custody(ClientOptions.CALL)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                            .listWallets(ListWalletsRequest.newBuilder().setPageToken(token).build());
                    for (Wallet w : page.getWalletsList()) {
                        out.println(String.join("  ", w.getWalletId(), state(w), w.getThreshold() + "-of-"
                                + w.getShareCount(), ethereum(w), w.getDisplayName()).stripTrailing());
                        count++;
                    }
                    token = page.getNextPageToken();
                } while (!token.isEmpty());
                out.println(count + " wallet(s)");
                out.flush();
            }
            return 0;
        }

        private static String readClientId(Path key) {
            Path file = ClientOptions.clientIdPath(key);
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new InvalidDeployment("no client id at " + file + " (" + e.getMessage()
                        + "): run `custodyctl client register --key " + key + "` or give --client-id");
            }
        }
    }

    @Command(name = "address", mixinStandardHelpOptions = true,
            description = "An address of the wallet's key or of a non-hardened child of it (DeriveAddress).")
    static final class AddressCmd implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ClientOptions options;

        @Parameters(paramLabel = "WALLET_ID")
        String walletId;

        @Option(names = "--path", description = "Non-hardened BIP-32 path below the wallet key, e.g. 0/1 (default: the key itself).")
        String path;

        @Option(names = "--format", defaultValue = "ethereum", description = "ethereum or p2wpkh (default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--network", defaultValue = "mainnet",
                description = "For p2wpkh: mainnet, testnet or regtest (default ${DEFAULT-VALUE}).")
        String network;

        @Override
        public Integer call() {
            DeriveAddressRequest.Builder request = DeriveAddressRequest.newBuilder().setWalletId(walletId)
                    .addAllDerivationPath(ClientOptions.path(path));
            switch (format.toLowerCase(Locale.ROOT)) {
                case "ethereum" -> request.setFormat(AddressFormat.ADDRESS_FORMAT_ETHEREUM);
                case "p2wpkh" -> request.setFormat(AddressFormat.ADDRESS_FORMAT_BITCOIN_P2WPKH).setBitcoinNetwork(
                        switch (network.toLowerCase(Locale.ROOT)) {
                            case "mainnet" -> BitcoinNetwork.BITCOIN_NETWORK_MAINNET;
                            case "testnet" -> BitcoinNetwork.BITCOIN_NETWORK_TESTNET;
                            case "regtest" -> BitcoinNetwork.BITCOIN_NETWORK_REGTEST;
                            default -> throw new InvalidDeployment("--network is mainnet, testnet or regtest");
                        });
                default -> throw new InvalidDeployment("--format is ethereum or p2wpkh");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ControlPlaneClient cp = options.connect()) {
                Address a = cp.custody(ClientOptions.CALL).deriveAddress(request.build()).getAddress();
                out.println("address     " + a.getAddress());
                out.println("path        " + (a.getDerivationPathList().isEmpty() ? "m" : "m/" + String.join("/",
                        a.getDerivationPathList().stream().map(String::valueOf).toList())));
                if (!a.getPublicKey().isEmpty()) {
                    out.println("public key  " + HexFormat.of().formatHex(a.getPublicKey().toByteArray()));
                }
                out.flush();
            }
            return 0;
        }
    }

    static void print(PrintWriter out, Wallet w) {
        out.println("wallet      " + w.getWalletId() + (w.getDisplayName().isEmpty() ? "" : " (" + w.getDisplayName() + ")"));
        out.println("state       " + state(w) + ", " + w.getThreshold() + "-of-" + w.getShareCount()
                + ", share version " + w.getShareVersion()
                + (w.getGovernance().getAllowRawDigestSigning() ? ", raw digests allowed" : ""));
        out.println("public key  " + (w.getPublicKey().isEmpty() ? "-" : HexFormat.of().formatHex(w.getPublicKey().toByteArray())));
        out.println("ethereum    " + ethereum(w));
        out.flush();
    }

    private static String state(Wallet w) {
        return w.getState().name().replace("WALLET_STATE_", "");
    }

    private static String ethereum(Wallet w) {
        return w.getPublicKey().isEmpty() ? "-" : EthereumSignature.address(w.getPublicKey().toByteArray());
    }
}

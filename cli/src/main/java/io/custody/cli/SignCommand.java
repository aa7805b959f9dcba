package io.custody.cli;

import com.google.protobuf.ByteString;
import io.custody.cli.CustodyCliException.ClusterFailure;
import io.custody.cli.CustodyCliException.InvalidDeployment;
import io.custody.cli.grpc.ControlPlaneClient;
import io.custody.cli.grpc.RequestKey;
import io.custody.cli.grpc.Waits;
import io.custody.proto.v1.CustodyServiceGrpc;
import io.custody.proto.v1.EcdsaSignature;
import io.custody.proto.v1.Eip1559Transaction;
import io.custody.proto.v1.EthereumTransaction;
import io.custody.proto.v1.LegacyTransaction;
import io.custody.proto.v1.PersonalMessage;
import io.custody.proto.v1.SignEthereumTransactionRequest;
import io.custody.proto.v1.SignMessageRequest;
import io.custody.proto.v1.SigningRequest;
import io.custody.proto.v1.SigningRequestState;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code custodyctl sign}: a personal message or an Ethereum transaction, waited for until SIGNED. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {"Signing requests, signed by the API client's key, followed with WatchSigningRequest until",
            "SIGNED (exit 0) or FAILED (exit 1). Plaintext gRPC only for now."},
        subcommands = {SignCommand.Message.class, SignCommand.Tx.class, CommandLine.HelpCommand.class})
final class SignCommand {

    /** What both kinds of request share. */
    static final class Common {
        @Mixin ClientOptions options;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The API client's private key.")
        Path key;

        @Option(names = "--wallet", required = true, paramLabel = "WALLET_ID")
        String walletId;

        @Option(names = "--path", description = "Non-hardened BIP-32 path below the wallet key, e.g. 0/1 (default: the key itself).")
        String path;

        @Option(names = "--idempotency-key", description = "Default: a fresh one, printed.")
        String idempotencyKey;

        @Option(names = "--timeout-s", defaultValue = "120", description = "How long to wait for SIGNED (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        /** Sends the request {@code send} builds (given the key and idempotency key), waits, prints the outcome. */
        SigningRequest run(PrintWriter out, Function<Sender, SigningRequest> send) {
            RequestKey client = ClientOptions.key(key);
            String idem = ClientOptions.idempotencyKey(idempotencyKey, out);
            try (ControlPlaneClient cp = options.connect()) {
                long start = System.nanoTime();
                SigningRequest accepted = send.apply(new Sender(cp, client, idem));
                out.print("request " + accepted.getRequestId() + " " + state(accepted) + ", digest "
                        + ClientOptions.hex(accepted.getDigest().toByteArray()) + " …");
                out.flush();
                SigningRequest done = Waits.watchSigning(cp.custody(Duration.ofSeconds(timeoutSeconds)), accepted,
                        update -> { });
                if (done.getState() != SigningRequestState.SIGNING_REQUEST_STATE_SIGNED) {
                    out.println(" " + state(done));
                    out.flush();
                    throw new ClusterFailure("signing request " + done.getRequestId() + " " + state(done) + ": "
                            + done.getFailure().getReason().name().replace("SIGNING_FAILURE_REASON_", "") + ", "
                            + done.getFailure().getMessage() + (done.getFailure().getCorrelationId().isEmpty() ? ""
                                    : " (correlation id " + done.getFailure().getCorrelationId() + ")"));
                }
                out.println(String.format(Locale.ROOT, " SIGNED (%.1f s)", (System.nanoTime() - start) / 1e9));
                EcdsaSignature sig = done.getResult().getSignature();
                byte[] r = fixed(sig.getR());
                byte[] s = fixed(sig.getS());
                byte[] rsv = new byte[65];
                System.arraycopy(r, 0, rsv, 0, 32);
                System.arraycopy(s, 0, rsv, 32, 32);
                rsv[64] = (byte) (27 + sig.getRecoveryId());
                out.println("signature   " + ClientOptions.hex(rsv) + " (r ‖ s ‖ v, v = 27 + recovery id "
                        + sig.getRecoveryId() + ")");
                out.flush();
                return done;
            }
        }

        private static byte[] fixed(ByteString value) {
            byte[] magnitude = new BigInteger(1, value.toByteArray()).toByteArray();
            byte[] out = new byte[32];
            int n = Math.min(32, magnitude.length);
            System.arraycopy(magnitude, magnitude.length - n, out, 32 - n, n);
            return out;
        }

        private static String state(SigningRequest r) {
            return r.getState().name().replace("SIGNING_REQUEST_STATE_", "");
        }
    }

    /** The channel, the signing key and the idempotency key of one request. */
    record Sender(ControlPlaneClient cp, RequestKey client, String idempotencyKey) {}

    @Command(name = "message", mixinStandardHelpOptions = true,
            description = "EIP-191 personal_sign of TEXT (SignMessage); the signature is what ecrecover takes.")
    static final class Message implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin Common common;

        @Parameters(paramLabel = "TEXT", description = "The message (UTF-8).")
        String text;

        @Override
        public Integer call() {
            common.run(spec.commandLine().getOut(), s -> s.cp().custody(ClientOptions.CALL).signMessage(s.client().sign(
                    CustodyServiceGrpc.getSignMessageMethod(), SignMessageRequest.newBuilder()
                            .setIdempotencyKey(s.idempotencyKey()).setWalletId(common.walletId)
                            .addAllDerivationPath(ClientOptions.path(common.path))
                            .setPersonalMessage(PersonalMessage.newBuilder().setMessage(ByteString.copyFromUtf8(text)))
                            .build())).getSigningRequest());
            return 0;
        }
    }

    @Command(name = "tx", mixinStandardHelpOptions = true,
            description = {"An Ethereum transfer (SignEthereumTransaction): EIP-1559 by default, --legacy for a",
                "legacy (EIP-155) one. Prints the signature, the raw signed transaction and its hash; nothing is",
                "broadcast."})
    static final class Tx implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin Common common;

        @Option(names = "--chain-id", required = true)
        long chainId;

        @Option(names = "--nonce", required = true)
        long nonce;

        @Option(names = "--to", required = true, paramLabel = "0xADDRESS")
        String to;

        @Option(names = "--value-wei", required = true, paramLabel = "WEI")
        String valueWei;

        @Option(names = "--gas", defaultValue = "21000", description = "Gas limit (default ${DEFAULT-VALUE}).")
        long gas;

        @Option(names = "--max-fee-wei", paramLabel = "WEI", description = "EIP-1559 max fee per gas.")
        String maxFeeWei;

        @Option(names = "--tip-wei", paramLabel = "WEI", description = "EIP-1559 max priority fee per gas.")
        String tipWei;

        @Option(names = "--legacy", description = "A legacy transaction (needs --gas-price-wei).")
        boolean legacy;

        @Option(names = "--gas-price-wei", paramLabel = "WEI", description = "Legacy gas price.")
        String gasPriceWei;

        @Override
        public Integer call() {
            EthereumTransaction.Builder tx = EthereumTransaction.newBuilder().setChainId(chainId);
            if (legacy) {
                if (gasPriceWei == null || maxFeeWei != null || tipWei != null) {
                    throw new InvalidDeployment("--legacy takes --gas-price-wei (and no --max-fee-wei/--tip-wei)");
                }
                tx.setLegacy(LegacyTransaction.newBuilder().setNonce(nonce).setGasPriceWei(gasPriceWei).setGasLimit(gas)
                        .setTo(to).setValueWei(valueWei));
            } else {
                if (maxFeeWei == null || tipWei == null || gasPriceWei != null) {
                    throw new InvalidDeployment("an EIP-1559 transaction takes --max-fee-wei and --tip-wei"
                            + " (--gas-price-wei only with --legacy)");
                }
                tx.setEip1559(Eip1559Transaction.newBuilder().setNonce(nonce).setMaxFeePerGasWei(maxFeeWei)
                        .setMaxPriorityFeePerGasWei(tipWei).setGasLimit(gas).setTo(to).setValueWei(valueWei));
            }
            PrintWriter out = spec.commandLine().getOut();
            SigningRequest done = common.run(out, s -> s.cp().custody(ClientOptions.CALL).signEthereumTransaction(
                    s.client().sign(CustodyServiceGrpc.getSignEthereumTransactionMethod(),
                            SignEthereumTransactionRequest.newBuilder().setIdempotencyKey(s.idempotencyKey())
                                    .setWalletId(common.walletId).addAllDerivationPath(ClientOptions.path(common.path))
                                    .setEthereumTransaction(tx).build())).getSigningRequest());
            out.println("raw tx      " + ClientOptions.hex(done.getResult().getSignedTransaction().toByteArray()));
            out.println("tx hash     " + ClientOptions.hex(done.getResult().getTransactionHash().toByteArray()));
            out.flush();
            return 0;
        }
    }
}
